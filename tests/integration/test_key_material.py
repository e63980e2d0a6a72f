"""Key material: generated on first start (owner-only), refused when missing, foreign or broken."""

import json
import os
import stat

import pytest

from compliance import create_app
from compliance.crypto import KeyMaterialError, Keyring
from compliance.keyfile import KeyringFile, create_keyring, load_keyring, save_keyring


def test_first_start_generates_owner_only_key_material(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app({"TESTING": True})
    keyring_file = tmp_path / "inst" / "keyring.json"
    assert keyring_file.exists()
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "inst").stat().st_mode) == 0o700
    assert app.config["SECRET_KEY"] and app.config["SECRET_KEY"] in keyring_file.read_text()


def test_malformed_key_material_refuses_to_start(tmp_path, base_config):
    bad = tmp_path / "keyring.json"
    bad.write_text(json.dumps({"format": "compliance-keyring/1", "master_keys": {"1": "AAAA"}}))
    os.chmod(bad, 0o600)
    with pytest.raises(KeyMaterialError, match="not valid key material|not 32 bytes"):
        create_app({**base_config, "KEYRING_PATH": str(bad)})


def test_world_readable_key_material_refuses_to_start(app, tmp_path, base_config, instance_dir):
    leaked = tmp_path / "keyring.json"
    leaked.write_text((instance_dir / "keyring.json").read_text())
    os.chmod(leaked, 0o644)
    with pytest.raises(KeyMaterialError, match="readable by others"):
        create_app({**base_config, "KEYRING_PATH": str(leaked)})


def test_a_foreign_key_file_is_refused_instead_of_returning_garbage(app, tmp_path, base_config):
    foreign = tmp_path / "foreign.json"
    save_keyring(foreign, Keyring.generate())
    with pytest.raises(KeyMaterialError, match="not the one this key store"):
        create_app({**base_config, "KEYRING_PATH": str(foreign)})


def test_lost_key_material_is_not_silently_regenerated(app, tmp_path, base_config):
    missing = tmp_path / "gone" / "keyring.json"
    with pytest.raises(KeyMaterialError, match="no key material"):
        create_app({**base_config, "KEYRING_PATH": str(missing)})
    assert not missing.exists()


# --- the file: created once, replaced atomically, followed by running processes ----------------
def test_only_one_of_several_starting_processes_creates_the_file(tmp_path):
    path = tmp_path / "inst" / "keyring.json"
    first, second = Keyring.generate(), Keyring.generate()
    assert create_keyring(path, first) is True
    assert create_keyring(path, second) is False
    assert load_keyring(path) == first
    assert sorted(p.name for p in path.parent.iterdir()) == ["keyring.json"]  # no temporary left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_replaced_file_is_taken_up_only_if_it_keeps_every_key(tmp_path):
    path = tmp_path / "keyring.json"
    ring = Keyring.generate()
    create_keyring(path, ring)
    held = KeyringFile(path, ring)
    rotated = ring.with_new_master_key()
    save_keyring(path, rotated)
    assert held.refresh() == rotated and held.current().current_version == 2
    save_keyring(path, ring)  # an old backup put back: version 2 would be lost
    with pytest.raises(KeyMaterialError, match="does not keep every key"):
        held.refresh()
    assert held.current() == rotated
    with pytest.raises(KeyMaterialError, match="drops a key in use"):
        held.replace(Keyring.generate())


def test_a_key_file_from_before_checkpoints_still_loads_and_extends_with_a_signing_key():
    ring = Keyring.generate()
    old = json.loads(ring.to_json())
    del old["audit_signing_key"]
    loaded = Keyring.from_json(json.dumps(old))
    assert loaded.audit_signing_key == b"" and loaded.master_keys == ring.master_keys
    upgraded = loaded.with_audit_signing_key()
    assert upgraded.extends(loaded) and len(upgraded.audit_signing_key) == 32
    assert not loaded.extends(upgraded)  # dropping the signing key is not allowed either
