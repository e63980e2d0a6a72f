"""Key operations that cannot destroy keys: one at a time across processes (real ones here),
running instances follow a rotation without a restart, and start-up refuses key material, key
stores and blind-index keys that do not belong to the data."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from compliance import create_app
from compliance.audit.models import AuditEvent
from compliance.crypto import KeyMaterialError, Keyring
from compliance.extensions import db
from compliance.keyfile import load_keyring, save_keyring
from compliance.keystore.locking import key_operation_lock
from compliance.keystore.models import DataKey, MasterKeyCheck
from compliance.keystore.services import count_keys_by_version, forget_cached_keys, keyring
from compliance.subjects.models import Subject
from compliance.subjects.services import decrypt_subject
from tests.integration.test_migrations import fresh_databases  # noqa: F401 - a fixture

COMPLIANCE = str(Path(sys.executable).parent / "compliance")
EXIT_BUSY = 75


def cli_env(config: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_")}
    env.update({f"COMPLIANCE_{name}": str(config[name]) for name in
                ("DATABASE_URL", "KEYSTORE_URL", "KEYRING_PATH")})
    env.update(COMPLIANCE_AUDIT_BACKGROUND_SEALING="false",
               COMPLIANCE_INSTANCE_PATH=str(Path(config["KEYRING_PATH"]).parent))
    return env


def rotate_in_processes(config: dict, count: int, *flags: str) -> list[subprocess.CompletedProcess]:
    """Start ``count`` `compliance keys rotate` processes at once; wait for all."""
    processes = [subprocess.Popen([COMPLIANCE, "keys", "rotate", "--batch-size", "25", *flags],
                                  env=cli_env(config), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(count)]
    done = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


@pytest.fixture
def seeded(runner):
    assert runner.invoke(args=["seed", "--subjects", "1500", "--seed", "5"]).exit_code == 0
    return {s.id: decrypt_subject(s).name for s in db.session.execute(select(Subject)).scalars()}


def every_subject_decrypts(expected: dict, app_factory) -> None:
    fresh = app_factory()  # a new process would read the file anew: so does a new app
    with fresh.app_context():
        names = {s.id: decrypt_subject(s).name for s in db.session.execute(select(Subject)).scalars()}
        assert names == expected
        versions = count_keys_by_version()
        assert set(versions) == {keyring().current_version}
        db.session.remove()


def test_two_rotations_at_once_both_wait_their_turn_and_lose_nothing(app, seeded, base_config,
                                                                     app_factory):
    before = keyring().current_version
    results = rotate_in_processes(base_config, 2, "--wait")
    assert [r.returncode for r in results] == [0, 0], [r.stderr[-500:] for r in results]
    on_disk = load_keyring(Path(base_config["KEYRING_PATH"]))
    assert on_disk.current_version == before + 2
    assert set(on_disk.master_keys) >= {before, before + 1, before + 2}
    every_subject_decrypts(seeded, app_factory)


def test_a_second_rotation_started_meanwhile_exits_with_a_clear_message(app, seeded, base_config):
    with key_operation_lock():
        [refused] = rotate_in_processes(base_config, 1)
    assert refused.returncode == EXIT_BUSY
    assert "Another key operation is running" in refused.stderr and "--wait" in refused.stderr
    db.session.expire_all()
    refusals = select(AuditEvent.details).where(AuditEvent.action == "keys.rotation_refused")
    assert db.session.execute(refusals).scalars().all() == [{"reason": "another key operation runs"}]


def test_rotations_started_together_without_waiting_never_lose_a_key(app, seeded, base_config,
                                                                     app_factory):
    before = keyring().current_version
    codes = sorted(r.returncode for r in rotate_in_processes(base_config, 2))
    assert codes in ([0, 0], [0, EXIT_BUSY])
    assert load_keyring(Path(base_config["KEYRING_PATH"])).current_version == before + codes.count(0)
    every_subject_decrypts(seeded, app_factory)


def test_a_second_instance_keeps_reading_during_and_after_a_rotation(app, seeded, base_config,
                                                                      app_factory, make_user):
    _, token = make_user("dpo")
    serving = app_factory()
    client, ids, failures, stop = serving.test_client(), list(seeded)[:40], [], threading.Event()
    bearer = {"Authorization": f"Bearer {token}"}

    def read_all_the_time():
        while not stop.is_set():
            for subject_id in ids:
                response = client.get(f"/api/v1/subjects/{subject_id}", headers=bearer)
                if response.status_code != 200 or response.json["name"] != seeded[subject_id]:
                    failures.append((response.status_code, response.get_data(as_text=True)[:200]))

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        [rotation] = rotate_in_processes(base_config, 1)
    finally:
        stop.set()
        reader.join()
    assert rotation.returncode == 0, rotation.stderr[-500:]
    assert failures == []
    with serving.app_context():
        forget_cached_keys()
        assert keyring().current_version == load_keyring(Path(base_config["KEYRING_PATH"])).current_version
        db.session.remove()


# --- start-up refuses what does not belong together --------------------------------------------
def keys_only_database(urls: dict) -> str:
    engine = create_engine(urls["KEYSTORE_URL"].replace("postgresql://", "postgresql+psycopg://"))
    db.metadatas["keys"].create_all(engine)
    engine.dispose()
    return urls["KEYSTORE_URL"]


def test_an_empty_key_store_is_refused_while_subjects_exist(app, make_subject, base_config,
                                                            fresh_databases):  # noqa: F811
    make_subject()
    empty = keys_only_database(fresh_databases)
    with pytest.raises(KeyMaterialError, match=r"\[key store\] the key store holds no data keys"):
        create_app({**base_config, "KEYSTORE_URL": empty})


def test_a_foreign_key_store_with_its_own_key_file_is_refused(app, make_subject, base_config, tmp_path,
                                                               fresh_databases):  # noqa: F811
    make_subject()
    foreign_store, foreign_ring = keys_only_database(fresh_databases), Keyring.generate()
    save_keyring(tmp_path / "foreign.json", foreign_ring)
    engine = create_engine(foreign_store.replace("postgresql://", "postgresql+psycopg://"))
    key_id = uuid.uuid4()
    version, wrapped = foreign_ring.wrap(str(key_id), os.urandom(32))
    with engine.begin() as conn:
        conn.execute(DataKey.__table__.insert().values(key_id=key_id, master_version=version,
                                                       wrapped=wrapped))
        conn.execute(MasterKeyCheck.__table__.insert().values(version=1,
                                                              check_value=foreign_ring.check_value(1)))
    engine.dispose()
    foreign = {"KEYSTORE_URL": foreign_store, "KEYRING_PATH": str(tmp_path / "foreign.json")}
    with pytest.raises(KeyMaterialError) as refused:
        create_app({**base_config, **foreign})
    message = str(refused.value)
    assert "[key store] 0 of" in message and "belongs to another installation" in message
    assert "[blind index]" in message and "[master keys]" not in message


def test_a_changed_blind_index_key_is_refused(app, make_subject, base_config, tmp_path):
    make_subject()
    ours = keyring()
    swapped = Keyring(ours.master_keys, ours.current_version, os.urandom(32), ours.secret_key,
                      ours.audit_signing_key)
    save_keyring(tmp_path / "swapped.json", swapped)
    with pytest.raises(KeyMaterialError, match=r"\[blind index\] the blind-index key .* is not the one"):
        create_app({**base_config, "KEYRING_PATH": str(tmp_path / "swapped.json")})


def test_keys_status_shows_versions_key_counts_and_checks(runner, make_subject):
    make_subject()
    make_subject()
    shown = runner.invoke(args=["keys", "status"])
    assert shown.exit_code == 0, shown.output
    version = keyring().current_version
    assert f"version {version}: 2 data keys" in shown.output
    for check in ("ok   master keys", "ok   key store: 2 of 2 sampled", "ok   blind index"):
        assert check in shown.output
    assert "audit signing key: " in shown.output and "audit signing key: none" not in shown.output


def test_a_key_file_without_a_signing_key_gets_one_at_start_and_the_trail_says_so(app, app_factory, tmp_path):
    ours = keyring()
    old = Keyring(ours.master_keys, ours.current_version, ours.blind_index_key, ours.secret_key)
    save_keyring(tmp_path / "old.json", old)
    app_factory(KEYRING_PATH=str(tmp_path / "old.json"))
    upgraded = load_keyring(tmp_path / "old.json")
    assert upgraded.extends(old) and upgraded.audit_signing_key
    db.session.expire_all()
    created = select(AuditEvent).where(AuditEvent.action == "keys.audit_signing_key_created")
    assert db.session.execute(created).scalar_one().actor == "system:startup"
