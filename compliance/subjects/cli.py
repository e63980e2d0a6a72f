"""``compliance seed``: synthetic subjects for demos and benchmarks."""

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR, record_event
from compliance.cli import Progress
from compliance.subjects.seed import seed_subjects
from compliance.subjects.services import index_subject_names
from compliance.transaction import unit_of_work


@click.command("seed")
@click.option("--subjects", "count", type=click.IntRange(min=1), required=True)
@click.option("--seed", "seed", type=int, default=1, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1, max=50_000), default=5000,
              show_default=True)
@with_appcontext
def seed(count: int, seed: int, batch_size: int) -> None:
    """Insert COUNT deterministic synthetic subjects across the 27 member states."""
    with Progress(count, "seeding subjects") as progress:
        inserted = seed_subjects(count, seed, batch_size, progress)
    with unit_of_work():
        record_event(CLI_ACTOR, "subjects.seeded", "subject", None, {"count": inserted, "seed": seed})
    click.echo(f"seeded {inserted} subjects (seed {seed})")


@click.command("index-subject-names")
@with_appcontext
def index_names() -> None:
    """Fill the name search index of subjects registered before it existed (resumable)."""
    total = 0
    while done := index_subject_names(1000):
        total += done
    with unit_of_work():
        record_event(CLI_ACTOR, "subjects.names_indexed", "subject", None, {"count": total})
    click.echo(f"indexed the names of {total} subjects")


commands = (seed, index_names)
