"""The data hash of a sheet: a fingerprint an auditor can recompute from the file alone.

Definition (also printed on every About sheet, see ``HASH_EXPLANATION``):
SHA-256 over the data rows (row 2 to the last row, column A to the last header column),
each row encoded by ``canonical_row`` and the rows joined with a single LF byte.
It depends only on the cell values, never on when or by whom the file was generated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from exports.cells import canonical_value
from exports.layout import SheetLayout

HASH_EXPLANATION = (
    "Data hash: for each data sheet, take the rows below the header (row 2 to the last row "
    "of the filter range), columns A to the last header. Write each row as a JSON array "
    "(UTF-8, non-ASCII not escaped, no spaces: separators ',' and ':') of its cell values: "
    "empty cell -> null; text and yes/no -> the text as shown; date columns -> "
    "\"YYYY-MM-DD\"; UTC date-time columns -> \"YYYY-MM-DDTHH:MM:SS\"; number columns -> "
    "the number printed with 16 significant digits (printf \"%.16g\") as a string. "
    "Join the rows with a line feed (0x0A), no trailing line feed, and take SHA-256 "
    "(lower-case hex). An empty sheet hashes the empty string. "
    "exports.verify.recompute_sheet_hash does exactly this."
)


def canonical_row(layout: SheetLayout, values: Sequence[object]) -> bytes:
    """Canonical bytes of one data row, interpreting each value by its column's kind.

    ``values`` may be the values the writer stored or the values openpyxl reads back
    from the saved file; both give the same bytes. Short rows are padded with None.
    """
    columns = layout.columns
    if len(values) > len(columns):
        raise ValueError(f"sheet {layout.name!r}: row has {len(values)} values, "
                         f"layout has {len(columns)} columns")
    padded = list(values) + [None] * (len(columns) - len(values))
    cells = [
        canonical_value(column.kind, value)
        for column, value in zip(columns, padded, strict=True)
    ]
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class SheetHasher:
    """Accumulates the data hash of one sheet, row by row, in constant memory."""

    def __init__(self, layout: SheetLayout) -> None:
        self.layout = layout
        self.row_count = 0
        self._sha = hashlib.sha256()

    def update(self, values: Sequence[object]) -> None:
        """Add the next data row (written or read-back values)."""
        if self.row_count:
            self._sha.update(b"\n")
        self._sha.update(canonical_row(self.layout, values))
        self.row_count += 1

    def hexdigest(self) -> str:
        """Lower-case hex SHA-256 of the rows added so far."""
        return self._sha.hexdigest()
