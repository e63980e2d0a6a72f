"""``compliance users ...`` and ``compliance tokens ...``."""

import sys
import uuid

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR
from compliance.auth import accounts, services
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


def _user(email: str):
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException("No user with this email.")
    return user


def _run(operation, *args):
    try:
        return operation(CLI_ACTOR, *args)
    except DomainError as exc:
        _fail(exc)


@users.command("list")
@with_appcontext
def list_users() -> None:
    """Every account: id, email (masked), role, status, last sign-in."""
    for row in accounts.account_rows():
        status = "active" if row.active else "deactivated"
        last = row.last_login_at.isoformat(timespec="minutes") if row.last_login_at else "never"
        click.echo(f"{row.id}  {row.email_masked:32} {row.role:8} {status:12} last sign-in {last}")


@users.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate_user(email: str) -> None:
    """EMAIL can no longer sign in; its sessions end and its tokens are revoked (audited)."""
    user = _run(accounts.deactivate_user, _user(email).id)
    click.echo(f"deactivated user {user.id}")


@users.command("reactivate")
@click.argument("email")
@with_appcontext
def reactivate_user(email: str) -> None:
    """EMAIL may sign in again (new tokens must be issued)."""
    user = _run(accounts.reactivate_user, _user(email).id)
    click.echo(f"reactivated user {user.id}")


@users.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def change_role(email: str, role: str) -> None:
    """Give EMAIL another role (between dpo, admin and auditor; audited)."""
    user = _run(accounts.change_role, _user(email).id, role)
    click.echo(f"user {user.id} now has the role {role}")


@users.command("reset-password")
@click.argument("email")
@with_appcontext
def reset_password(email: str) -> None:
    """A new random password for EMAIL (the last line, shown once); its sessions end."""
    user = _user(email)
    temporary = _run(accounts.reset_password, user.id)
    click.echo(f"new password for user {user.id}; hand it over safely, it is shown once:")
    click.echo(temporary)


@click.group("tokens")
def tokens() -> None:
    """Manage API bearer tokens."""


@tokens.command("create")
@click.argument("email")
@click.option("--name", help="What the token is for, e.g. 'ATS import' (no personal data).")
@click.option("--days", type=int, help="Days it works (default TOKEN_LIFETIME_DAYS, 90).")
@with_appcontext
def create_token(email: str, name: str | None, days: int | None) -> None:
    """Issue a bearer token for EMAIL; the token is the last line of output (shown once)."""
    user = _user(email)
    token = _run(services.create_token, user, name, days)
    click.echo(f"token for user {user.id} (role {user.role}); store it now, it is shown once:")
    click.echo(token)


@tokens.command("list")
@click.argument("email")
@with_appcontext
def list_tokens(email: str) -> None:
    """EMAIL's tokens: id, name, issued, expires, last used, revoked (never the token)."""
    for row in services.list_tokens(_user(email)):
        state = "revoked" if row.revoked_at else "active"
        used = row.last_used_at.isoformat(timespec="minutes") if row.last_used_at else "never"
        click.echo(f"{row.id}  {row.prefix}…  {row.name or '-':20} {state:8} "
                   f"expires {services.token_expiry(row).date()}  last used {used}")


@tokens.command("revoke")
@click.argument("email")
@click.option("--token-id", type=click.UUID, help="Only this token (default: every active one).")
@with_appcontext
def revoke_tokens(email: str, token_id: uuid.UUID | None) -> None:
    """Revoke EMAIL's API tokens (each revocation is audited)."""
    user = _user(email)
    click.echo(f"revoked {services.revoke_tokens(CLI_ACTOR, user, token_id)} tokens of user {user.id}")


def _fail(exc: DomainError):
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.errors.items())
    raise click.ClickException(f"{exc.message} {details}".strip())


commands = (users, tokens)
