"""Money and share formatting for the placement and insurance pages (pure)."""

from __future__ import annotations

from decimal import Decimal


def money(value: Decimal | float | int | None) -> str:
    """'1,250,000.00'; an em dash for nothing."""
    return "—" if value is None else f"{Decimal(value):,.2f}"


def share(part: Decimal, whole: Decimal) -> float:
    """``part`` as a fraction of ``whole``, clamped to 0..1 (0 for an empty whole)."""
    if not whole or whole <= 0:
        return 0.0
    return float(min(max(Decimal(part) / Decimal(whole), Decimal(0)), Decimal(1)))
