"""Keyring, envelope encryption and blind index.

Every data subject has its own 256-bit data key. Data keys are stored *wrapped* (AES-256-GCM)
by a versioned master key; the master keys, the blind-index key and the audit signing key
(Ed25519) live in the key-material file in the instance folder (mode 0600), never in a database
(``compliance.keyfile`` reads and writes it). Personal fields are encrypted with AES-256-GCM under
the subject's data key, with associated data ``table.column:row_id`` so that a ciphertext moved to
another row or column no longer decrypts.

This module is pure: it knows nothing of Flask, SQLAlchemy or files.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_VERSION = 1  # first byte of every field ciphertext
KEYRING_FORMAT = "compliance-keyring/1"


class KeyMaterialError(RuntimeError):
    """The key material is missing, malformed or does not match the stored data."""


class UnknownMasterKey(KeyMaterialError):
    """A wrapped data key names a master key version this keyring does not hold (yet)."""


class DecryptionError(RuntimeError):
    """A ciphertext did not authenticate: wrong key, wrong row, or tampering."""


@dataclass(frozen=True)
class Keyring:
    """Versioned master keys, the blind-index key and the audit signing key."""

    master_keys: Mapping[int, bytes]
    current_version: int
    blind_index_key: bytes
    secret_key: str = field(repr=False, default="")
    audit_signing_key: bytes = field(repr=False, default=b"")  # Ed25519 private key, raw

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aeads", {})
        if self.current_version not in self.master_keys:
            raise KeyMaterialError(f"current master key version {self.current_version} is missing")
        for version, key in self.master_keys.items():
            if len(key) != KEY_BYTES:
                raise KeyMaterialError(f"master key version {version} is not {KEY_BYTES} bytes")
        if len(self.blind_index_key) != KEY_BYTES:
            raise KeyMaterialError(f"blind-index key is not {KEY_BYTES} bytes")
        if self.audit_signing_key and len(self.audit_signing_key) != KEY_BYTES:
            raise KeyMaterialError(f"audit signing key is not {KEY_BYTES} bytes")

    @classmethod
    def generate(cls) -> Keyring:
        """A fresh keyring with master key version 1 and an audit signing key."""
        return cls(
            master_keys={1: AESGCM.generate_key(bit_length=256)},
            current_version=1,
            blind_index_key=secrets.token_bytes(KEY_BYTES),
            secret_key=secrets.token_urlsafe(48),
            audit_signing_key=Ed25519PrivateKey.generate().private_bytes_raw(),
        )

    def with_new_master_key(self) -> Keyring:
        """A copy with one more master key version, which becomes current (older ones kept)."""
        version = max(self.master_keys) + 1
        keys = dict(self.master_keys)
        keys[version] = AESGCM.generate_key(bit_length=256)
        return Keyring(keys, version, self.blind_index_key, self.secret_key, self.audit_signing_key)

    def with_audit_signing_key(self) -> Keyring:
        """A copy with a newly generated audit signing key (for key files that predate it)."""
        return Keyring(self.master_keys, self.current_version, self.blind_index_key, self.secret_key,
                       Ed25519PrivateKey.generate().private_bytes_raw())

    def extends(self, older: Keyring) -> bool:
        """True if this keyring keeps everything ``older`` holds (a safe replacement for it)."""
        kept = all(self.master_keys.get(v) == k for v, k in older.master_keys.items())
        signing_kept = not older.audit_signing_key or older.audit_signing_key == self.audit_signing_key
        return kept and signing_kept and self.blind_index_key == older.blind_index_key

    def check_value(self, version: int) -> str:
        """A non-secret fingerprint of one master key, stored to detect a swapped key file."""
        digest = hmac.new(self._master(version), b"compliance-key-check", hashlib.sha256)
        return digest.hexdigest()[:32]

    def blind_index_check(self) -> str:
        """A non-secret fingerprint of the blind-index key, stored with the indexes it made."""
        digest = hmac.new(self.blind_index_key, b"compliance-blind-index-check", hashlib.sha256)
        return digest.hexdigest()[:32]

    # -- wrapping ---------------------------------------------------------------------------
    def wrap(self, key_id: str, data_key: bytes) -> tuple[int, bytes]:
        """Wrap a data key with the current master key; returns (version, nonce + ciphertext)."""
        nonce = os.urandom(NONCE_BYTES)
        aad = _wrap_aad(key_id, self.current_version)
        sealed = self._aead(self.current_version).encrypt(nonce, data_key, aad)
        return self.current_version, nonce + sealed

    def unwrap(self, key_id: str, version: int, wrapped: bytes) -> bytes:
        """Unwrap a data key; UnknownMasterKey if the version is absent, KeyMaterialError if wrong."""
        try:
            return self._aead(version).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_aad(key_id, version)
            )
        except InvalidTag as exc:
            raise KeyMaterialError(
                f"data key {key_id} does not unwrap with master key version {version}: "
                "the key-material file does not belong to this key store"
            ) from exc

    def _aead(self, version: int) -> AESGCM:
        cache = self._aeads  # type: ignore[attr-defined]
        if version not in cache:
            cache[version] = AESGCM(self._master(version))
        return cache[version]

    def _master(self, version: int) -> bytes:
        try:
            return self.master_keys[version]
        except KeyError:
            raise UnknownMasterKey(f"master key version {version} is not in the keyring") from None

    # -- blind index ------------------------------------------------------------------------
    def blind_index(self, value: str, kind: str = "email") -> bytes:
        """HMAC-SHA256 of the normalised value: equal inputs give equal indexes, nothing else."""
        normalised = normalise_lookup_value(value)
        return hmac.digest(self.blind_index_key, f"{kind}:{normalised}".encode(), "sha256")

    # -- persistence ------------------------------------------------------------------------
    def to_json(self) -> str:
        data = {
            "format": KEYRING_FORMAT,
            "current_master_key": self.current_version,
            "master_keys": {str(v): _b64(k) for v, k in sorted(self.master_keys.items())},
            "blind_index_key": _b64(self.blind_index_key),
            "secret_key": self.secret_key,
        }
        if self.audit_signing_key:
            data["audit_signing_key"] = _b64(self.audit_signing_key)
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str, source: str = "key material") -> Keyring:
        """Parse a keyring; every defect raises KeyMaterialError naming the source."""
        try:
            data = json.loads(text)
            if data.get("format") != KEYRING_FORMAT:
                raise ValueError(f"format is not {KEYRING_FORMAT!r}")
            return cls(
                master_keys={int(v): _unb64(k) for v, k in data["master_keys"].items()},
                current_version=int(data["current_master_key"]),
                blind_index_key=_unb64(data["blind_index_key"]),
                secret_key=str(data["secret_key"]),
                audit_signing_key=_unb64(data.get("audit_signing_key", "")),
            )
        except KeyMaterialError as exc:
            raise KeyMaterialError(f"{source}: {exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyMaterialError(f"{source} is not valid key material: {exc}") from None


@dataclass(frozen=True)
class FieldCipher:
    """AES-256-GCM for the personal fields of one key owner (a subject or a user)."""

    data_key: bytes = field(repr=False)
    _aead: AESGCM = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aead", AESGCM(self.data_key))

    def encrypt(self, table: str, column: str, row_id: object, value: str | None) -> bytes | None:
        if value is None:
            return None
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), _aad(table, column, row_id))
        return bytes([FORMAT_VERSION]) + nonce + sealed

    def decrypt(self, table: str, column: str, row_id: object, blob: bytes | None) -> str | None:
        if blob is None:
            return None
        blob = bytes(blob)
        if not blob or blob[0] != FORMAT_VERSION:
            raise DecryptionError(f"{table}.{column} of {row_id}: unknown ciphertext format")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, _aad(table, column, row_id)).decode()
        except InvalidTag:
            raise DecryptionError(f"{table}.{column} of {row_id} does not authenticate") from None


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def normalise_lookup_value(value: str) -> str:
    """Case-, width- and whitespace-insensitive form used for blind indexes."""
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


def _aad(table: str, column: str, row_id: object) -> bytes:
    return f"{table}.{column}:{row_id}".encode()


def _wrap_aad(key_id: str, version: int) -> bytes:
    return f"data-key:{key_id}:master-v{version}".encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
