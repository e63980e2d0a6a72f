"""``compliance audit verify``."""

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from compliance.audit import services
from compliance.audit.models import AuditEvent
from compliance.cli import Progress
from compliance.extensions import db


@click.group("audit")
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@with_appcontext
def verify() -> None:
    """Recompute the whole chain; exit 0 if intact, 1 naming the first broken event."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    with Progress(total, "verifying audit chain") as progress:
        checked, found = services.verify_chain(progress)
    if found is None:
        click.echo(f"audit chain intact: {checked} events, head {services.head_hash()}")
        return
    click.echo(f"audit chain BROKEN at event {found.sequence}: {found.reason}", err=True)
    sys.exit(1)


commands = (audit,)
