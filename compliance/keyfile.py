"""The key-material file: created once, replaced atomically and durably, re-read when it changes.

Writes go to a temporary file in the same folder (mode 0600) that is fsynced, then renamed over
the file (``save_keyring``) or hard-linked to its name (``create_keyring``: exactly one of several
starting processes creates it, the others read the winner's), and the folder is fsynced so the
new name survives a power cut. A process holds the file as a ``KeyringFile``: it notices a
replaced file (inode, size, mtime; one ``stat`` a second at most) and takes the new keyring only
if it keeps every key of the one in use (``Keyring.extends``).
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
import time
from pathlib import Path

from compliance.crypto import KeyMaterialError, Keyring

STAT_INTERVAL = 1.0  # seconds between two looks at the file
log = logging.getLogger(__name__)


def load_keyring(path: Path) -> Keyring:
    """Read the keyring at ``path``; refuses a file others can read."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyMaterialError(f"{path} is readable by others (mode {oct(mode)}); run: chmod 600 {path}")
    return Keyring.from_json(path.read_text(encoding="utf-8"), str(path))


def load_or_create_keyring(path: Path) -> tuple[Keyring, bool]:
    """Load the keyring at ``path``, creating it (mode 0600) if absent. Returns (keyring, created)."""
    if not path.exists() and create_keyring(path, Keyring.generate()):
        return load_keyring(path), True
    return load_keyring(path), False


def save_keyring(path: Path, keyring: Keyring) -> None:
    """Replace the file atomically and durably with owner-only permissions."""
    tmp = _write_temporary(path, keyring)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def create_keyring(path: Path, keyring: Keyring) -> bool:
    """Create the file unless it exists (atomic: a hard link never replaces). True if created."""
    tmp = _write_temporary(path, keyring)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_folder(path.parent)
    return True


def _write_temporary(path: Path, keyring: Keyring) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(keyring.to_json())
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


class KeyringFile:
    """The keyring of a running process, kept in step with its file."""

    def __init__(self, path: Path, keyring: Keyring):
        self.path = path
        self._keyring = keyring
        self._stamp = _stamp(path)
        self._looked_at = time.monotonic()

    def current(self) -> Keyring:
        """The keyring, re-read first if the file was replaced (looked at once a second at most)."""
        if time.monotonic() - self._looked_at >= STAT_INTERVAL:
            try:
                self.refresh()
            except (KeyMaterialError, OSError) as exc:
                log.error("key material not reloaded, the keyring in use is kept: %s", exc)
        return self._keyring

    def refresh(self) -> Keyring:
        """Re-read the file now if it changed; KeyMaterialError if the new one drops keys."""
        self._looked_at = time.monotonic()
        stamp = _stamp(self.path)
        if stamp is None or stamp == self._stamp:
            return self._keyring
        self._stamp = stamp  # a bad file is reported once, not every second
        newer = load_keyring(self.path)
        if not newer.extends(self._keyring):
            raise KeyMaterialError(f"{self.path} was replaced by key material that does not keep every "
                                   "key of the keyring in use (restored from an old backup, or foreign)")
        self._keyring = newer
        log.info("key material reloaded: master key version %s is current", newer.current_version)
        return newer

    def replace(self, keyring: Keyring) -> None:
        """Write ``keyring`` (which must extend the one in use) to the file and use it."""
        if not keyring.extends(self._keyring):
            raise KeyMaterialError("refusing to write key material that drops a key in use")
        save_keyring(self.path, keyring)
        self._keyring, self._stamp = keyring, _stamp(self.path)
