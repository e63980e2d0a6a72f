"""Print every benchmark's latest figure against its target, from bench/results/*.json.

    .venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    rows = []
    for path in sorted(RESULTS.glob("*.json")):
        result = json.loads(path.read_text())
        higher = result.get("higher_is_better", True)
        ratio, target = result["ratio"], result["target"]
        met = result.get("met", ratio >= target if higher else ratio <= target)
        sign = ">=" if higher else "<="
        load = result.get("load_average") or result.get("details", {}).get(result.get("database", ""), {}) \
            .get("load_after") or ["?"]
        rows.append((path.stem, f"{result['ratio']:.2f}x", f"{sign} {result['target']}x",
                     "met" if met else "MISSED", str(result.get("n", "")), str(result.get("measured_at", "")),
                     str(load[0])))
    header = ("benchmark", "ratio", "target", "verdict", "n", "measured at (UTC)", "load")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
