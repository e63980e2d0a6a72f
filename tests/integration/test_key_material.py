"""Key material: generated on first start (owner-only), refused when missing, foreign or broken."""

import json
import os
import stat

import pytest

from compliance import create_app
from compliance.crypto import KeyMaterialError, Keyring
from compliance.keyfile import save_keyring


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
