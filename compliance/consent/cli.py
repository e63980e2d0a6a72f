"""``compliance consent``: record, inspect, check, list expiring, remind and expire consents."""

from __future__ import annotations

import json
import uuid

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR
from compliance.cli import Progress
from compliance.consent import renewal, services
from compliance.consent.rules import CHANNELS, ConsentAction
from compliance.errors import DomainError
from compliance.timeutil import controller_today


@click.group("consent")
def consent() -> None:
    """The consent ledger (proof per EDPB Guidelines 05/2020 §108)."""


def _record(subject_id: uuid.UUID, purpose: str, action: str, scope, channel, notice_version,
            evidence: dict) -> None:
    try:
        event = services.record_consent(CLI_ACTOR, subject_id, {
            "purpose": purpose, "action": action, "scope": scope, "channel": channel,
            "notice_version": notice_version, "evidence": evidence})
    except DomainError as error:
        raise click.ClickException(f"{error.message} {json.dumps(error.errors)}") from None
    click.echo(f"{event['action']} recorded ({event['id']}), valid until {event['valid_until']}")


@consent.command("grant")
@click.argument("subject_id", type=click.UUID)
@click.argument("purpose")
@click.option("--scope", help="The client a CV-sharing consent names.")
@click.option("--channel", type=click.Choice(CHANNELS), default="paper", show_default=True)
@click.option("--notice-version")
@click.option("--document-ref", help="Where the signed paper form is filed.")
@click.option("--parental-consent", is_flag=True, help="Art 8: a parent consented.")
@click.option("--renew", is_flag=True, help="Record a renewal instead of a first grant.")
@with_appcontext
def grant(subject_id, purpose, scope, channel, notice_version, document_ref, parental_consent,
          renew) -> None:
    """Record that SUBJECT_ID consented to PURPOSE."""
    evidence = {k: v for k, v in {"document_ref": document_ref,
                                  "parental_consent": parental_consent or None}.items() if v}
    action = ConsentAction.RENEW if renew else ConsentAction.GRANT
    _record(subject_id, purpose, action, scope, channel, notice_version, evidence)


@consent.command("withdraw")
@click.argument("subject_id", type=click.UUID)
@click.argument("purpose")
@click.option("--scope")
@click.option("--channel", type=click.Choice(CHANNELS), default="email", show_default=True)
@with_appcontext
def withdraw(subject_id, purpose, scope, channel) -> None:
    """Record that SUBJECT_ID withdrew consent to PURPOSE."""
    _record(subject_id, purpose, ConsentAction.WITHDRAW, scope, channel, None, {})


@consent.command("check")
@click.argument("subject_id", type=click.UUID)
@click.argument("purpose")
@click.option("--scope")
@with_appcontext
def check(subject_id, purpose, scope) -> None:
    """May SUBJECT_ID's data be processed for PURPOSE today? Exit code 1 if not."""
    verdict = services.can_process(subject_id, purpose, scope)
    click.echo(f"{'allowed' if verdict.allowed else 'refused'}: {verdict.message}")
    if not verdict.allowed:
        raise SystemExit(1)


@consent.command("expiring")
@click.option("--days", type=click.IntRange(0, 366), default=renewal.RENEWAL_WINDOW_DAYS, show_default=True)
@with_appcontext
def expiring(days: int) -> None:
    """List consents whose validity ends within DAYS (no personal data)."""
    rows, total = renewal.list_expiring(CLI_ACTOR, days, per_page=100_000)
    for state in rows:
        click.echo(f"{state.valid_until}  {state.subject_id}  {state.purpose}"
                   f"{'  (per client)' if state.scope_key else ''}")
    click.echo(f"{total} consent(s) expire within {days} days of {controller_today()}")


@consent.command("remind")
@click.option("--days", type=click.IntRange(0, 366), default=renewal.RENEWAL_WINDOW_DAYS, show_default=True)
@with_appcontext
def remind(days: int) -> None:
    """E-mail a renewal request (one-time renew/withdraw link) for each consent expiring soon."""
    click.echo(f"sent {renewal.remind_expiring(CLI_ACTOR, days)} renewal request(s)")


@consent.command("expire")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]))
@with_appcontext
def expire(as_of) -> None:
    """Record an expiry event for every consent past its validity (no answer = expired)."""
    with Progress(None, "expiring") as progress:
        done = renewal.expire_consents(as_of.date() if as_of else None, progress=progress)
    click.echo(f"expired {done} consent(s)")


commands = (consent,)
