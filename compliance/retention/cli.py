"""``compliance retention``: sweeps, previews and legal holds."""

from __future__ import annotations

import sys
import uuid
from datetime import timedelta

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR
from compliance.cli import Progress
from compliance.extensions import db
from compliance.policy_context import current_policies
from compliance.retention import queries, services, sweep
from compliance.retention.rules import SweepReport
from compliance.timeutil import controller_today

EXIT_LOCKED = 75  # EX_TEMPFAIL: another sweep runs; cron may retry


@click.group("retention")
def retention() -> None:
    """Enforce the retention schedule (policies/retention.yaml)."""


@retention.command("sweep")
@click.option("--dry-run", is_flag=True, help="Report what is due; change nothing.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Pretend today is DATE.")
@click.option("--batch-size", type=click.IntRange(1, 50_000), default=1000, show_default=True)
@click.option("--wait", is_flag=True, help="Wait for a running sweep instead of exiting (code 75).")
@with_appcontext
def sweep_command(dry_run: bool, as_of, batch_size: int, wait: bool) -> None:
    """Erase or anonymise every subject whose retention period ran out (holds excepted)."""
    day = as_of.date() if as_of else controller_today()
    if dry_run:
        print_report(queries.survey(current_policies(), day))
        return
    progress = Progress(None, "sweeping")
    try:
        with progress:
            report = sweep.run_sweep(CLI_ACTOR, current_policies(), day, batch_size=batch_size,
                                     wait=wait, progress=progress, on_total=_set_length(progress))
    except sweep.SweepLocked as locked:
        click.echo(locked.message, err=True)
        sys.exit(EXIT_LOCKED)
    print_report(report)


def _set_length(progress: Progress):
    def set_length(total: int) -> None:
        progress.bar.length = total
    return set_length


@retention.command("due")
@click.option("--days", type=click.IntRange(0, 3660), default=14, show_default=True)
@with_appcontext
def due_command(days: int) -> None:
    """Preview what falls due within DAYS (counts per category and country)."""
    print_report(queries.survey(current_policies(), controller_today() + timedelta(days=days)))


def print_report(report: SweepReport) -> None:
    mode = "dry run" if report.dry_run else "sweep"
    click.echo(f"{mode} as of {report.as_of} under policy {report.policy_version}")
    for (category, country), count in sorted(report.due.items()):
        rule = report.rules.get((category, country), "")
        click.echo(f"  due      {category:20} {country}  {count}  {rule}")
    for category, count in sorted(report.acted.items()):
        click.echo(f"  acted    {category:20} {count}")
    for category, count in sorted(report.held.items()):
        click.echo(f"  on hold  {category:20} {count} (legal hold; not touched)")
    for category, count in sorted(report.restricted.items()):
        click.echo(f"  restricted {category:18} {count} (Art 18; not touched)")
    click.echo(f"  total due: {report.total_due}")
    for category, why in sorted(report.not_enforced.items()):
        click.echo(f"  not enforced yet: {category} ({why})")
    if not report.dry_run:
        click.echo(f"  {shredding_note(db.engines['keys'].dialect.name)}")


def shredding_note(dialect: str) -> str:
    """What the erasure this sweep did relies on, for the operator reading its output."""
    if dialect == "sqlite":
        return ("erased data keys were overwritten in the key-store file (SQLite secure_delete); "
                "copies in backups of keys.sqlite remain readable until those backups are rotated out")
    return ("erased data keys were deleted from the key store; PostgreSQL keeps deleted rows until "
            "VACUUM and in WAL archives and backups: erasure is complete once key-store backups "
            "older than today are rotated out (see README, Erasure)")


@retention.command("hold")
@click.argument("subject_id", type=click.UUID)
@click.option("--reason", required=True)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--record-type")
@click.option("--record-id")
@with_appcontext
def hold_command(subject_id: uuid.UUID, reason: str, until, record_type, record_id) -> None:
    """Place a legal hold on SUBJECT_ID (or one of its records)."""
    hold = services.place_hold(CLI_ACTOR, subject_id, {
        "reason": reason, "until": until.date() if until else None,
        "record_type": record_type, "record_id": record_id})
    click.echo(f"hold {hold.id} placed")


@retention.command("release")
@click.argument("hold_id", type=click.UUID)
@with_appcontext
def release_command(hold_id: uuid.UUID) -> None:
    """Release a legal hold."""
    services.release_hold(CLI_ACTOR, hold_id)
    click.echo(f"hold {hold_id} released")


@retention.command("holds")
@click.argument("subject_id", type=click.UUID)
@with_appcontext
def holds_command(subject_id: uuid.UUID) -> None:
    """List the active holds of SUBJECT_ID (the read is audited)."""
    for hold in services.list_holds(CLI_ACTOR, subject_id):
        until = hold.until.isoformat() if hold.until else "release"
        click.echo(f"{hold.id}  until {until}  by {hold.placed_by}  {hold.record_type or 'subject'}")


commands = (retention,)
