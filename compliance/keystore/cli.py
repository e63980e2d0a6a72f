"""``compliance keys ...``: master key rotation and status."""

import sys

import click
from flask.cli import with_appcontext

from compliance.audit.checkpoints import public_key_id
from compliance.audit.services import CLI_ACTOR
from compliance.cli import Progress
from compliance.keystore import rotation, services
from compliance.keystore.checks import run_checks
from compliance.keystore.locking import KeyOperationBusy

EXIT_BUSY = 75  # EX_TEMPFAIL: another key operation runs


@click.group("keys")
def keys() -> None:
    """Key material: master keys and wrapped data keys."""


@keys.command("rotate")
@click.option("--batch-size", default=1000, show_default=True)
@click.option("--wait", is_flag=True, help="Wait for a running key operation instead of exiting (code 75).")
@with_appcontext
def rotate(batch_size: int, wait: bool) -> None:
    """Add a new master key version and re-wrap every data key with it (no data re-encrypted)."""
    total = sum(services.count_keys_by_version().values())
    try:
        with Progress(total, "re-wrapping data keys") as progress:
            done = rotation.rotate_master_key(CLI_ACTOR, batch_size, progress, wait=wait)
    except KeyOperationBusy as busy:
        click.echo(busy.message, err=True)
        sys.exit(EXIT_BUSY)
    click.echo(f"master key version {done.version} is current; {done.rewrapped} data keys re-wrapped")


@keys.command("status")
@with_appcontext
def status() -> None:
    """Master key versions, data keys per version, and the start-up checks; exit 1 if one fails."""
    ring = services.keyring()
    counts = services.count_keys_by_version()
    click.echo(f"key material: {services.keyring_file().path}")
    click.echo(f"current master key version: {ring.current_version}")
    for version in sorted(set(ring.master_keys) | set(counts)):
        missing = "" if version in ring.master_keys else "  MISSING from the key-material file"
        click.echo(f"  version {version}: {counts.get(version, 0)} data keys{missing}")
    signing = public_key_id(ring.audit_signing_key) if ring.audit_signing_key else "none"
    click.echo(f"audit signing key: {signing}")
    checks = run_checks(ring)
    click.echo("checks:")
    for check in checks:
        click.echo(f"  {'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
    if not all(c.ok for c in checks) or not set(counts) <= set(ring.master_keys):
        sys.exit(1)


commands = (keys,)
