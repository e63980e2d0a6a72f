"""`compliance demo` (what `make run` calls) seeds every feature once, and the trail stays intact."""

from sqlalchemy import func, select

from compliance.audit.services import seal_pending
from compliance.audit.verification import verify_chain
from compliance.extensions import db
from compliance.subjects.models import Subject


def test_demo_seeds_once_with_logins_and_an_intact_audit_chain(runner, app):
    first = runner.invoke(args=["demo", "--subjects", "200"])
    assert first.exit_code == 0, first.output
    assert "dpo@demo.example" in first.output and "password:" in first.output
    assert db.session.scalar(select(func.count()).select_from(Subject)) >= 200
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already present" in again.output
    seal_pending()
    checked, broken = verify_chain()
    assert broken is None and checked > 100
