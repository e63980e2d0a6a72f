"""Export a workbook: build its rows, write them through ``exports``, audit who took what.

The About sheet names the audit head signed into a checkpoint (pending events sealed first) *before*
the export's own event is recorded, so an auditor finds the export event after the head the
workbook quotes, and the checkpoint lets ``audit verify`` prove the trail still holds that head.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO

from compliance.audit.services import Actor, export_checkpoint, record_event
from compliance.config import current_controller
from compliance.errors import NotFound, ValidationFailed
from compliance.policy_context import current_policies
from compliance.reports.filters import ExportFilters
from compliance.reports.registry import SOURCES, WorkbookSource
from compliance.transaction import use_case
from exports import LAYOUTS, AboutInfo, ControllerIdentity, WorkbookSummary, write_workbook
from exports.writer import write_workbook_to_tempfile

Progress = Callable[[int], None]


def export_names() -> list[str]:
    """The workbooks that can be exported, in registry order."""
    return list(SOURCES)


def describe_exports() -> list[dict]:
    """Name, title, download path and accepted filters of every workbook."""
    labels = {"date_from": "from", "date_to": "to"}
    return [{"name": name, "title": LAYOUTS[name].title, "url": f"/api/v1/exports/{name}.xlsx",
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
                    filters: ExportFilters, progress: Progress | None = None) -> WorkbookSummary:
    """Write workbook ``name`` to ``target`` and record the audited export (commits)."""
    source = source_for(name, filters)
    about = _about(actor, name, source, filters)
    summary = write_workbook(target, LAYOUTS[name], source.build(filters), about, progress)
    _record_export(actor, name, about, summary)
    return summary


@use_case
def export_to_tempfile(actor: Actor, name: str, filters: ExportFilters) -> tuple[IO[bytes], WorkbookSummary]:
    """Like ``export_workbook`` into a spooled temporary file rewound to the start (caller closes)."""
    source = source_for(name, filters)
    about = _about(actor, name, source, filters)
    file, summary = write_workbook_to_tempfile(LAYOUTS[name], source.build(filters), about)
    try:
        _record_export(actor, name, about, summary)
    except BaseException:
        file.close()
        raise
    return file, summary


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


def _record_export(actor: Actor, name: str, about: AboutInfo, summary: WorkbookSummary) -> None:
    record_event(actor, "export.generated", "export", name, {
        "workbook": name, "format": "xlsx", "scope": dict(about.scope_items()),
        "audit_head": about.audit_head, "rows": summary.row_counts,
        "data_hashes": summary.data_hashes,
    })
