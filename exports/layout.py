"""Declarative workbook layouts: which sheets, which columns, which cell kinds.

A layout is data, not code: row builders elsewhere produce positional rows in the
column order declared here, and the writer formats and hashes cells by ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

ColumnKind = Literal["text", "date", "datetime", "number", "integer", "bool"]
COLUMN_KINDS: frozenset[str] = frozenset(get_args(ColumnKind))

ABOUT_SHEET = "About"
# Excel refuses these characters in sheet titles and caps titles at 31 characters.
_FORBIDDEN_SHEET_CHARS = frozenset("[]:*?/\\")
_MAX_SHEET_NAME = 31


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header text, the kind of value it holds, its width in characters.

    Datetime columns hold UTC instants (Excel has no time zones), so their header must
    say "UTC"; this is checked here so a layout cannot forget it.
    """

    header: str
    kind: ColumnKind = "text"
    width: float = 18

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"column {self.header!r}: unknown kind {self.kind!r}")
        if not self.header.strip():
            raise ValueError("column header must not be blank")
        if self.kind == "datetime" and "UTC" not in self.header:
            raise ValueError(f"datetime column {self.header!r} must say 'UTC' in its header")
        if self.width <= 0:
            raise ValueError(f"column {self.header!r}: width must be positive")


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """A data sheet: header in row 1, data from row 2, columns in the declared order."""

    name: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        _check_sheet_name(self.name)
        if not self.columns:
            raise ValueError(f"sheet {self.name!r} has no columns")
        headers = [column.header for column in self.columns]
        if len(set(headers)) != len(headers):
            raise ValueError(f"sheet {self.name!r} repeats a column header")

    @property
    def headers(self) -> tuple[str, ...]:
        """Header texts in column order."""
        return tuple(column.header for column in self.columns)


@dataclass(frozen=True, slots=True)
class WorkbookLayout:
    """A workbook: a registry name, a human title for the About sheet, its data sheets."""

    name: str
    title: str
    sheets: tuple[SheetLayout, ...]

    def __post_init__(self) -> None:
        names = [sheet.name.casefold() for sheet in self.sheets]
        if not names:
            raise ValueError(f"workbook {self.name!r} has no sheets")
        if len(set(names)) != len(names):
            raise ValueError(f"workbook {self.name!r} repeats a sheet name")
        if ABOUT_SHEET.casefold() in names:
            raise ValueError(f"{ABOUT_SHEET!r} is reserved for the cover sheet")

    def sheet(self, name: str) -> SheetLayout:
        """The data sheet called ``name``; KeyError if the layout has none."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)


def _check_sheet_name(name: str) -> None:
    if not name or len(name) > _MAX_SHEET_NAME:
        raise ValueError(f"sheet name {name!r} must be 1-{_MAX_SHEET_NAME} characters")
    if _FORBIDDEN_SHEET_CHARS & set(name):
        raise ValueError(f"sheet name {name!r} contains a character Excel forbids")
