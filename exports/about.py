"""The About sheet: who generated the workbook, for whom, over what, and how to verify it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

from exports.cells import cell_text
from exports.hashing import HASH_EXPLANATION
from exports.layout import WorkbookLayout
from exports.printing import (
    WRAP_TOP,
    PageStamp,
    checkpoint_short_form,
    forget_row_height,
    set_row_height,
    set_up_page,
)

SHEETS_HEADER = ("Data sheet", "Rows", "SHA-256 of data rows")
AUDIT_HEAD_LABEL = "Audit trail head hash"
AUDIT_CHECKPOINT_LABEL = "Audit checkpoint (signed)"
CONVENTIONS = (
    "Date-times are UTC without a zone (Excel has no time zones); dates are calendar "
    "dates. Yes/no answers are the text 'yes' or 'no'. Empty cell = no value. Text that "
    "would start with = + - @ tab or CR is prefixed with ' so it is never run as a formula."
)
# Labels, values, and the data hashes (64 hex digits) of the sheets table: one landscape page.
_WIDTHS = {"A": 26, "B": 66, "C": 66}
_BOLD = Font(bold=True)


@dataclass(frozen=True, slots=True)
class ControllerIdentity:
    """The controller named on the About sheet (GDPR Art 30(1)(a))."""

    name: str
    registry_code: str
    address: str
    dpo_contact: str


@dataclass(frozen=True, slots=True)
class AboutInfo:
    """Everything the About sheet states besides the per-sheet counts and hashes.

    ``scope`` lists the filters that selected the rows, as (key, value) pairs or a mapping;
    ``audit_head`` is the head hash of the audit trail when the export was taken,
    ``audit_sequence`` the number of the event it is the hash of, and ``audit_checkpoint`` the
    signed checkpoint of that head as printed (``audit verify --checkpoint`` reads it back).
    """

    controller: ControllerIdentity
    generated_by: str
    audit_head: str
    scope: Mapping[str, object] | Sequence[tuple[str, object]] = ()
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    audit_sequence: int | None = None
    audit_checkpoint: str | None = None

    def scope_items(self) -> list[tuple[str, object]]:
        """Scope as a list of (key, value) pairs in the given order."""
        return list(self.scope.items()) if isinstance(self.scope, Mapping) else list(self.scope)


@dataclass(frozen=True, slots=True)
class SheetResult:
    """Row count and data hash of one written data sheet."""

    row_count: int
    data_hash: str


def page_stamp(layout: WorkbookLayout, about: AboutInfo) -> PageStamp:
    """What the page header and footer of every sheet of this workbook say."""
    return PageStamp(title=layout.title, controller=about.controller.name,
                     generated_at=about.generated_at,
                     checkpoint=checkpoint_short_form(about.audit_sequence, about.audit_head))


def prepare_about_sheet(ws, stamp: PageStamp) -> None:
    """Column widths and print set-up (one page); must run before the first row is appended."""
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    set_up_page(ws, list(_WIDTHS.values()), stamp, one_page=True)


def write_about_rows(
    ws, layout: WorkbookLayout, about: AboutInfo, results: Mapping[str, SheetResult]
) -> None:
    """Append the About content; call once, after every data sheet has been written."""
    rows = _Rows(ws)
    rows.append([_bold(ws, layout.title)])
    rows.append(["Workbook", layout.name])
    rows.append([])
    for row in _identity_rows(ws, about):
        rows.append(row)
    rows.append([])
    rows.append([_bold(ws, "Scope and filters")])
    for key, value in about.scope_items() or [("(none)", "")]:
        rows.append([_text(key), _text(value)])
    rows.append([])
    rows.append([_bold(ws, header) for header in SHEETS_HEADER])
    for name, result in results.items():
        rows.append([_text(name), result.row_count, result.data_hash])
    rows.append([])
    rows.append([AUDIT_HEAD_LABEL, _text(about.audit_head)])
    if about.audit_checkpoint:
        rows.append([AUDIT_CHECKPOINT_LABEL, _text(about.audit_checkpoint)])
    rows.append([])
    rows.append(["How to verify", _text(HASH_EXPLANATION)])
    rows.append(["Conventions", _text(CONVENTIONS)])


class _Rows:
    """Appends About rows wrapped at the top of their cells, each as tall as its text needs."""

    def __init__(self, ws) -> None:
        self._ws, self._number = ws, 0
        self._widths = list(_WIDTHS.values())

    def append(self, values: list[object]) -> None:
        self._number += 1
        cells = [_wrap(self._ws, value) for value in values]
        texts = [cell.value if isinstance(cell, Cell) else cell for cell in cells]
        tall = set_row_height(self._ws, self._number, list(zip(texts, self._widths, strict=False)))
        self._ws.append(cells)
        if tall:
            forget_row_height(self._ws, self._number)


def _identity_rows(ws, about: AboutInfo) -> list[list[object]]:
    controller = about.controller
    generated_at = about.generated_at
    if generated_at.tzinfo is not None:
        generated_at = generated_at.astimezone(UTC).replace(tzinfo=None)
    stamp = WriteOnlyCell(ws, generated_at.replace(microsecond=0))
    stamp.number_format = "yyyy-mm-dd hh:mm:ss"
    return [
        ["Controller", _text(controller.name)],
        ["Registry code", _text(controller.registry_code)],
        ["Address", _text(controller.address)],
        ["DPO contact", _text(controller.dpo_contact)],
        ["Generated at (UTC)", stamp],
        ["Generated by", _text(about.generated_by)],
    ]


def _text(value: object) -> str | None:
    return cell_text(value if isinstance(value, str) else str(value))


def _bold(ws, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, _text(value))
    cell.font = _BOLD
    return cell


def _wrap(ws, value: object) -> object:
    if value is None:
        return None
    cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value)
    cell.alignment = WRAP_TOP
    return cell
