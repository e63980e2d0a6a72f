"""``compliance export NAME --output FILE [--format xlsx|pdf] [--from DATE] [--to DATE] ...``"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from compliance.audit.services import CLI_ACTOR
from compliance.cli import Progress
from compliance.errors import DomainError
from compliance.reports import services
from compliance.reports.filters import ExportFilters
from compliance.reports.registry import SOURCES


@click.command("export")
@click.argument("name", type=click.Choice(list(SOURCES)))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The file to write (.xlsx, or .pdf with --format pdf).")
@click.option("--format", "fmt", type=click.Choice(list(services.FORMATS)), default=None,
              help="xlsx (the workbook) or pdf (the same rows as a document to read and print); "
                   "default: from the output file's extension, else xlsx.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First day (UTC).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last day (UTC), inclusive.")
@click.option("--purpose", help="consent-register: one purpose id.")
@click.option("--subject", "subject_id", type=click.UUID, help="consent-register: one subject id.")
@click.option("--policy", "policy_number", help="insurance-bordereau: one policy number.")
@with_appcontext
def export(name, output, fmt, date_from, date_to, purpose, subject_id, policy_number) -> None:
    """Export a regulator-ready workbook or PDF (audited); prints row counts and data hashes."""
    fmt = fmt or ("pdf" if output.lower().endswith(".pdf") else "xlsx")
    try:
        filters = ExportFilters(date_from and date_from.date(), date_to and date_to.date(),
                                purpose, subject_id, policy_number)
        with Progress(services.count_rows(name, filters), f"exporting {name}") as bar:
            summary = services.export_workbook(CLI_ACTOR, name, output, filters, _increments(bar), fmt)
    except DomainError as error:
        raise click.UsageError(f"{error.message} {error.errors or ''}".strip()) from None
    for sheet, rows in summary.row_counts.items():
        click.echo(f"{sheet}: {rows} rows, sha256 {summary.data_hashes[sheet]}")
    click.echo(f"written to {output}")


def _increments(bar: Progress):
    """The writer reports running totals; the progress bar wants increments."""
    done = 0

    def report(total: int) -> None:
        nonlocal done
        bar(total - done)
        done = total

    return report


commands = (export,)
