"""Signed checkpoints of the sealed head, kept where a database administrator cannot reach them.

A checkpoint says "the trail's event N has hash H" at a time, signed (Ed25519) with the audit
signing key from the key-material file. Each one is appended as a JSON line to the checkpoint file
(``AUDIT_CHECKPOINT_PATH``, outside the database; opened for appending only, fsynced), served to
auditors and printed on exports. ``audit verify`` proves the trail still contains every one.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "compliance-audit-checkpoint/1"
TAIL_BLOCK = 8192


class CheckpointInvalid(ValueError):
    """Not a checkpoint (malformed JSON or fields)."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    issued_at: str  # UTC, ISO 8601 with Z
    reason: str  # interval | export | cli
    key_id: str
    signature: str  # base64 Ed25519 over signed_payload()

    def signed_payload(self) -> bytes:
        fields = {"format": FORMAT, "sequence": self.sequence, "hash": self.hash,
                  "issued_at": self.issued_at, "reason": self.reason, "key_id": self.key_id}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_dict(self) -> dict:
        return {"format": FORMAT, **asdict(self)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @property
    def label(self) -> str:
        return f"of {self.issued_at}"

    def printable(self) -> str:
        """As printed on exports: readable first, then the signed JSON ``audit verify`` takes."""
        return (f"event {self.sequence}, hash {self.hash}, signed {self.issued_at} with key "
                f"{self.key_id}: {self.to_json()}")

    def verifies_with(self, public_key: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(base64.b64decode(self.signature),
                                                                  self.signed_payload())
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_dict(cls, data: Mapping) -> Checkpoint:
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"format is not {FORMAT!r}")
            values = {"sequence": data["sequence"], "hash": data["hash"], "issued_at": data["issued_at"],
                      "reason": data["reason"], "key_id": data["key_id"], "signature": data["signature"]}
            if not isinstance(values["sequence"], int) or values["sequence"] < 1:
                raise ValueError("sequence is not a positive integer")
            if not all(isinstance(values[k], str) for k in values if k != "sequence"):
                raise ValueError("a field is not text")
        except (KeyError, AttributeError, ValueError) as exc:
            raise CheckpointInvalid(f"not a checkpoint: {exc}") from None
        return cls(**values)


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes_raw()


def public_key_id(private_key: bytes) -> str:
    """A short, stable name for the signing key (SHA-256 of its public key, 16 hex digits)."""
    return hashlib.sha256(public_key_of(private_key)).hexdigest()[:16]


def sign_checkpoint(private_key: bytes, sequence: int, digest: str, reason: str,
                    issued_at: datetime | None = None) -> Checkpoint:
    when = (issued_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsigned = Checkpoint(sequence, digest, when, reason, public_key_id(private_key), "")
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(unsigned.signed_payload())
    return Checkpoint(sequence, digest, when, reason, unsigned.key_id, base64.b64encode(signature).decode())


def parse_checkpoints(text: str) -> list[Checkpoint]:
    """Checkpoints from a JSON object, a JSON array of them, or JSON lines."""
    text = text.strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [_parse_line(line, n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    items = data if isinstance(data, list) else [data]
    return [Checkpoint.from_dict(item if isinstance(item, Mapping) else {}) for item in items]


def read_checkpoint_argument(value: str) -> list[Checkpoint]:
    """``--checkpoint`` takes JSON, a file of it (JSON or JSON lines), or an exported workbook
    (the checkpoint printed on its About sheet)."""
    path = Path(value)
    if value.lstrip().startswith(("{", "[")) or not path.is_file():
        return parse_checkpoints(value)
    if path.suffix.lower() == ".xlsx":
        return _from_workbook(path)
    return parse_checkpoints(path.read_text(encoding="utf-8"))


def checkpoints_in_text(text: str) -> list[Checkpoint]:
    """Every checkpoint JSON object embedded in ``text`` (such as a printed checkpoint)."""
    found, decoder, start = [], json.JSONDecoder(), text.find("{")
    while start != -1:
        try:
            data, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        if isinstance(data, dict) and data.get("format") == FORMAT:
            found.append(Checkpoint.from_dict(data))
        start = text.find("{", end)
    return found


def _from_workbook(path: Path) -> list[Checkpoint]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if "About" not in workbook.sheetnames:
            raise CheckpointInvalid(f"{path.name} has no About sheet")
        cells = (cell for row in workbook["About"].iter_rows(values_only=True) for cell in row)
        found = [cp for cell in cells if isinstance(cell, str) and FORMAT in cell
                 for cp in checkpoints_in_text(cell)]
    finally:
        workbook.close()
    if not found:
        raise CheckpointInvalid(f"the About sheet of {path.name} names no signed checkpoint")
    return found


def _parse_line(line: str, number: int) -> Checkpoint:
    try:
        return Checkpoint.from_dict(json.loads(line))
    except (json.JSONDecodeError, CheckpointInvalid, AttributeError) as exc:
        raise CheckpointInvalid(f"line {number} is not a checkpoint ({exc})") from None


class CheckpointLog:
    """The append-only checkpoint file: one JSON line per checkpoint."""

    def __init__(self, path: Path):
        self.path = path

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive among processes of this host while deciding on and appending a checkpoint."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def append(self, checkpoint: Checkpoint) -> None:
        created = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (checkpoint.to_json() + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def read_all(self) -> list[Checkpoint]:
        """Every checkpoint, oldest first; CheckpointInvalid names a damaged line."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            return [_parse_line(line, n) for n, line in enumerate(fh, 1) if line.strip()]

    def newest(self, limit: int = 1) -> list[Checkpoint]:
        """The newest ``limit`` checkpoints, newest first, reading only the end of the file."""
        if limit < 1 or not self.path.exists():
            return []
        with self.path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            end = position = fh.tell()
            data = b""
            while position > 0 and data.count(b"\n") <= limit:
                position = max(0, position - TAIL_BLOCK)
                fh.seek(position)
                data = fh.read(end - position)
        lines = [line for line in data.decode("utf-8", errors="replace").splitlines() if line.strip()]
        if position > 0:
            lines = lines[1:]  # the first line may be cut
        found = []
        for line in reversed(lines[-limit:]):
            with contextlib.suppress(CheckpointInvalid):
                found.append(_parse_line(line, 0))
        return found

    def latest(self) -> Checkpoint | None:
        newest = self.newest(1)
        return newest[0] if newest else None
