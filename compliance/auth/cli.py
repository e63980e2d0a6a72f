"""``compliance users ...`` and ``compliance tokens ...``."""

import sys
import uuid

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR
from compliance.auth import services
from compliance.auth.rules import ROLES
from compliance.errors import DomainError


@click.group("users")
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--subject-id", type=click.UUID, help="Member subject this member user acts as.")
@with_appcontext
def create_user(email: str, role: str, password_stdin: bool, subject_id: uuid.UUID | None) -> None:
    """Create a user. Without --password-stdin, asks for the password."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(CLI_ACTOR, email, role, password, subject_id)
    except DomainError as exc:
        _fail(exc)
    click.echo(f"created {role} user {user.id}")


@click.group("tokens")
def tokens() -> None:
    """Manage API bearer tokens."""


@tokens.command("create")
@click.argument("email")
@with_appcontext
def create_token(email: str) -> None:
    """Issue a bearer token for EMAIL; the token is the last line of output (shown once)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException("No user with this email.")
    click.echo(f"token for user {user.id} (role {user.role}); store it now, it is shown once:")
    click.echo(services.create_token(CLI_ACTOR, user))


@tokens.command("revoke")
@click.argument("email")
@click.option("--token-id", type=click.UUID, help="Only this token (default: every active one).")
@with_appcontext
def revoke_tokens(email: str, token_id: uuid.UUID | None) -> None:
    """Revoke EMAIL's API tokens (each revocation is audited)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException("No user with this email.")
    click.echo(f"revoked {services.revoke_tokens(CLI_ACTOR, user, token_id)} tokens of user {user.id}")


def _fail(exc: DomainError):
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.errors.items())
    raise click.ClickException(f"{exc.message} {details}".strip())


commands = (users, tokens)
