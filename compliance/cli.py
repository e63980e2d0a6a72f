"""The ``compliance`` console script: Flask's commands (run, db, ...) plus the service's own.

Feature packages add their commands through a ``cli.py`` module exposing ``commands``, a tuple
of click commands or groups (the module is listed in CLI_MODULES).
"""

from __future__ import annotations

import importlib
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from compliance.audit.services import CLI_ACTOR

CLI_MODULES = (
    "compliance.auth.cli",
    "compliance.keystore.cli",
    "compliance.audit.cli",
    "compliance.subjects.cli",
    "compliance.reports.cli",
    "compliance.consent.cli",
    "compliance.retention.cli",
)


def register_commands(app: Flask) -> None:
    for module_name in CLI_MODULES:
        for command in importlib.import_module(module_name).commands:
            app.cli.add_command(command)
    app.cli.add_command(demo_command)


def _create_app():
    from compliance import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Compliance service administration."""


class Progress:
    """A click progress bar fed with increments (``progress(n)``), for long jobs."""

    def __init__(self, total: int | None, label: str):
        self.bar = click.progressbar(length=total or 0, label=label, file=sys.stderr,
                                     show_eta=True, show_percent=True, show_pos=True)

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __call__(self, increment: int) -> None:
        self.bar.update(increment)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


@click.command("demo")
@click.option("--subjects", default=300, show_default=True)
@with_appcontext
def demo_command(subjects: int) -> None:
    """Seed a small demo data set and demo logins, if the database is empty."""
    from compliance.demo import seed_demo

    created = seed_demo(CLI_ACTOR, subjects, current_app.instance_path)
    if created is None:
        click.echo("Demo data already present; nothing changed.")
        return
    click.echo("Demo logins (also in instance/demo-logins.txt):")
    for role, email, password in created:
        click.echo(f"  {role:8} {email}  password: {password}")
