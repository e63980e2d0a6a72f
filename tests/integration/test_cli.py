"""The `compliance` command line: users, tokens, seed, keys, audit verify."""

from sqlalchemy import func, select

from compliance.extensions import db
from compliance.keystore.services import keyring
from compliance.subjects.models import Subject
from compliance.subjects.services import decrypt_subject

PASSWORD = "a long enough password"


def test_users_create_with_password_stdin_then_token_as_last_line(runner, client):
    created = runner.invoke(args=["users", "create", "dpo@cli.example", "--role", "dpo",
                                  "--password-stdin"], input=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    issued = runner.invoke(args=["tokens", "create", "DPO@cli.example"])
    assert issued.exit_code == 0, issued.output
    token = issued.output.strip().splitlines()[-1]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["role"] == "dpo"


def test_users_create_refuses_bad_input_with_a_clear_message(runner):
    short = runner.invoke(args=["users", "create", "x@cli.example", "--role", "dpo",
                                "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    member = runner.invoke(args=["users", "create", "m@cli.example", "--role", "member",
                                 "--password-stdin"], input=PASSWORD + "\n")
    assert member.exit_code != 0 and "member subject" in member.output
    unknown = runner.invoke(args=["tokens", "create", "nobody@cli.example"])
    assert unknown.exit_code != 0


def test_seed_is_deterministic_and_realistic(runner, app):
    result = runner.invoke(args=["seed", "--subjects", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    subjects = db.session.execute(select(Subject)).scalars().all()
    assert len(subjects) == 300
    assert len({s.country for s in subjects}) >= 20
    assert {"candidate", "member", "client_contact"} <= {s.kind for s in subjects}
    members = [s for s in subjects if s.kind == "member"]
    assert all(s.membership_start and s.membership_end for s in members)
    first = decrypt_subject(subjects[0])
    assert " " in first.name and "@" in first.email and first.phone.startswith("+")


def test_keys_rotate_rewraps_everything_and_loses_no_row(runner, app, make_subject):
    names = {make_subject().id: None for _ in range(12)}
    runner.invoke(args=["seed", "--subjects", "50", "--seed", "3"])
    before = {s.id: decrypt_subject(s).name for s in db.session.execute(select(Subject)).scalars()}
    old_version = keyring().current_version
    result = runner.invoke(args=["keys", "rotate", "--batch-size", "7"])
    assert result.exit_code == 0, result.output
    assert keyring().current_version == old_version + 1
    from compliance.keystore.services import count_keys_by_version, forget_cached_keys

    forget_cached_keys()
    assert count_keys_by_version() == {old_version + 1: 62}
    after = {s.id: decrypt_subject(s).name for s in db.session.execute(select(Subject)).scalars()}
    assert after == before and len(after) == 62 and set(names) <= set(after)


def test_audit_verify_exits_zero_then_names_the_tampered_event(runner, make_subject, raw_sql):
    make_subject()
    make_subject()
    sealed = runner.invoke(args=["audit", "seal"])
    assert sealed.exit_code == 0 and "sealed 2 events" in sealed.output
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    raw_sql("UPDATE audit_events SET object_type = 'nothing' WHERE sequence = 1")
    db.session.expire_all()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert "event 1" in broken.output


def test_subject_count_matches_after_seeding(runner, app):
    runner.invoke(args=["seed", "--subjects", "25", "--seed", "11"])
    assert db.session.scalar(select(func.count()).select_from(Subject)) == 25
