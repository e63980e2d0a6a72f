"""``compliance keys ...``: master key rotation and status."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR, record_event
from compliance.cli import Progress
from compliance.keystore import services
from compliance.transaction import unit_of_work


@click.group("keys")
def keys() -> None:
    """Key material: master keys and wrapped data keys."""


@keys.command("rotate")
@click.option("--batch-size", default=1000, show_default=True)
@with_appcontext
def rotate(batch_size: int) -> None:
    """Add a new master key version and re-wrap every data key with it (no data re-encrypted)."""
    total = sum(services.count_keys_by_version().values())
    with Progress(total, "re-wrapping data keys") as progress:
        version, done = services.rotate_master_key(
            Path(current_app.config["KEYRING_PATH"]), batch_size, progress
        )
    with unit_of_work():
        record_event(CLI_ACTOR, "keys.rotated", "keyring", version, {"rewrapped": done})
    click.echo(f"master key version {version} is current; {done} data keys re-wrapped")


@keys.command("status")
@with_appcontext
def status() -> None:
    """Data keys per master key version."""
    ring = services.keyring()
    click.echo(f"current master key version: {ring.current_version}")
    for version, count in sorted(services.count_keys_by_version().items()):
        click.echo(f"  version {version}: {count} data keys")


commands = (keys,)
