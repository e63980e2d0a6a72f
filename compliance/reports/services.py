"""Export a workbook: build its rows, write them through ``exports``, audit who took what.

The About sheet names the audit head signed into a checkpoint (pending events sealed first) *before*
the export's own event is recorded, so an auditor finds the export event after the head the
workbook quotes, and the checkpoint lets ``audit verify`` prove the trail still holds that head.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from tempfile import SpooledTemporaryFile
from typing import IO

from compliance.audit.services import Actor, export_checkpoint, record_event
from compliance.config import current_controller
from compliance.errors import NotFound, ValidationFailed
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters
from compliance.reports.registry import SOURCES, WorkbookSource
from compliance.transaction import use_case
from exports import LAYOUTS, XLSX_MIMETYPE, AboutInfo, ControllerIdentity, WorkbookSummary, write_workbook
from exports.pdf import MAX_PDF_ROWS, PDF_MIMETYPE, TooManyRows, write_pdf

Progress = Callable[[int], None]
#: Export formats: the workbook, or the same rows as a PDF document for reading and printing.
FORMATS: dict[str, str] = {"xlsx": XLSX_MIMETYPE, "pdf": PDF_MIMETYPE}
_WRITERS = {"xlsx": write_workbook, "pdf": write_pdf}


def export_names() -> list[str]:
    """The workbooks that can be exported, in registry order."""
    return list(SOURCES)


def describe_exports() -> list[dict]:
    """Name, title, download path and accepted filters of every workbook."""
    labels = {"date_from": "from", "date_to": "to"}
    return [{"name": name, "title": LAYOUTS[name].title, "url": f"/api/v1/exports/{name}.xlsx",
             "pdf_url": f"/api/v1/exports/{name}.pdf",
             "filters": sorted(labels.get(f, f) for f in source.filters)}
            for name, source in SOURCES.items()]


def count_rows(name: str, filters: ExportFilters) -> int | None:
    """Data rows export ``name`` will have, when cheap to count (for progress bars)."""
    return source_for(name, filters).count(filters)


def source_for(name: str, filters: ExportFilters) -> WorkbookSource:
    """The workbook called ``name``; 404 naming the known ones, 422 for filters it does not take."""
    source = SOURCES.get(name)
    if source is None:
        names = export_names()
        raise NotFound(f"No export called that; known exports: {', '.join(names)}.", {"name": names})
    unsupported = [f for f in filters.given() if f not in source.filters]
    if unsupported:
        raise ValidationFailed("This export does not take these filters.",
                               {f: [f"not a filter of {name}"] for f in unsupported})
    return source


@use_case
def export_workbook(actor: Actor, name: str, target: str | os.PathLike[str] | IO[bytes],
                    filters: ExportFilters, progress: Progress | None = None,
                    fmt: str = "xlsx") -> WorkbookSummary:
    """Write export ``name`` as ``fmt`` (xlsx or pdf) to ``target`` and record it (commits)."""
    source = source_for(name, filters)
    _check_size(name, source, filters, fmt)
    about = _about(actor, name, source, filters)
    try:
        summary = _WRITERS[fmt](target, LAYOUTS[name], source.build(filters), about, progress)
    except TooManyRows:
        raise _too_many_rows(name) from None
    _record_export(actor, name, about, summary, fmt)
    return summary


@use_case
def export_to_tempfile(actor: Actor, name: str, filters: ExportFilters,
                       fmt: str = "xlsx") -> tuple[IO[bytes], WorkbookSummary]:
    """Like ``export_workbook`` into a spooled temporary file rewound to the start (caller closes)."""
    file = SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")
    try:
        summary = export_workbook(actor, name, file, filters, fmt=fmt)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file, summary


def _check_size(name: str, source: WorkbookSource, filters: ExportFilters, fmt: str) -> None:
    if fmt not in _WRITERS:
        raise ValidationFailed("No such export format.", {"format": [f"one of {', '.join(FORMATS)}"]})
    if fmt == "pdf" and (source.count(filters) or 0) > MAX_PDF_ROWS:
        raise _too_many_rows(name)


def _too_many_rows(name: str) -> ValidationFailed:
    return ValidationFailed(
        f"More than {MAX_PDF_ROWS} rows: too many for one PDF document.",
        {"format": [f"take {name} as xlsx, or a shorter period, for more than {MAX_PDF_ROWS} rows"]})


def _about(actor: Actor, name: str, source: WorkbookSource, filters: ExportFilters) -> AboutInfo:
    scope = filters.scope_items()
    if source.period_applies_to:
        scope.append(("period applies to", source.period_applies_to))
    scope += [("restricted subjects (GDPR Art 18)", source.restricted_subjects),
              ("policy version", current_policies().version)]
    named = current_controller()
    controller = ControllerIdentity(named.name, named.registry_code, named.address, named.dpo_contact)
    generated_by = f"{actor.ref} ({actor.role})" if actor.role else actor.ref
    checkpoint, head = export_checkpoint()
    return AboutInfo(controller=controller, generated_by=generated_by, audit_head=head, scope=scope,
                     audit_sequence=checkpoint.sequence if checkpoint else None,
                     audit_checkpoint=checkpoint.printable() if checkpoint else None)


def _record_export(actor: Actor, name: str, about: AboutInfo, summary: WorkbookSummary, fmt: str) -> None:
    record_event(actor, "export.generated", "export", name, {
        "workbook": name, "format": fmt, "scope": dict(about.scope_items()),
        "audit_head": about.audit_head, "rows": summary.row_counts,
        "data_hashes": summary.data_hashes,
    })
