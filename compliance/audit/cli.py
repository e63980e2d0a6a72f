"""``compliance audit verify | seal | checkpoint``."""

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from compliance.audit import services
from compliance.audit.checkpoints import CheckpointInvalid, read_checkpoint_argument
from compliance.audit.models import AuditEvent
from compliance.audit.sealing import SealRefused, SealStatus
from compliance.audit.verification import verify_trail
from compliance.cli import Progress
from compliance.extensions import db

EXIT_TRY_AGAIN = 75  # EX_TEMPFAIL: an older transaction is still open


@click.group("audit")
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--checkpoint", "checkpoints", multiple=True, metavar="FILE_OR_JSON",
              help="A checkpoint to prove as well (a file of them, or the JSON itself); repeatable.")
@with_appcontext
def verify(checkpoints: tuple[str, ...]) -> None:
    """Prove the chain, its head and every checkpoint issued or given; exit 1 naming what is wrong."""
    handed_in = []
    for value in checkpoints:
        try:
            handed_in += read_checkpoint_argument(value)
        except (CheckpointInvalid, OSError) as exc:
            raise click.BadParameter(str(exc), param_hint="--checkpoint") from None
    total = db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.sequence.is_not(None))) or 0
    with Progress(total, "verifying audit trail") as progress:
        verdict = verify_trail(handed_in, progress)
    if verdict.intact:
        seq, digest = verdict.head
        click.echo(f"audit trail intact: {verdict.checked} events sealed, head event {seq} {digest}; "
                   f"{verdict.checkpoints} checkpoints contained; {verdict.pending} events not sealed yet")
        return
    click.echo(f"audit trail BROKEN ({len(verdict.problems)} problems):", err=True)
    for problem in verdict.problems:
        click.echo(f"  [{problem.code}] {problem.message}", err=True)
    sys.exit(1)


@audit.command("seal")
@click.option("--wait", "max_wait", default=30.0, show_default=True,
              help="Seconds to wait for older open transactions (PostgreSQL).")
@with_appcontext
def seal(max_wait: float) -> None:
    """Chain every committed event not sealed yet (the service also does it on its own)."""
    try:
        result = services.seal_pending(max_wait=max_wait)
    except SealRefused as exc:
        raise click.ClickException(str(exc)) from None
    if result.status == SealStatus.BUSY:
        click.echo("another sealer is running; it seals these events")
    elif result.status == SealStatus.WAITING:
        click.echo("an older transaction is still open; nothing sealed, try again", err=True)
        sys.exit(EXIT_TRY_AGAIN)
    elif result.head is None:
        click.echo("nothing to seal")
    else:
        click.echo(f"sealed {result.sealed} events; head event {result.head[0]} {result.head[1]}")


@audit.command("checkpoint")
@with_appcontext
def checkpoint() -> None:
    """Seal, then sign the head into the checkpoint file; prints the checkpoint (JSON)."""
    try:
        issued = services.issue_checkpoint("cli")
    except (SealRefused, services.TrailTampered) as exc:
        raise click.ClickException(f"no checkpoint signed: {exc}") from None
    if issued is None:
        click.echo("nothing sealed yet: no checkpoint")
        return
    click.echo(issued.to_json())


commands = (audit,)
