"""What every benchmark shares: repeated timing with the median, scratch folders that are always
deleted, and the machine-readable result file `bench/results/<name>.json`.

A result is a ratio of the service to a baseline doing the same work in the same run, never an
absolute time compared with a fixed number. ``higher_is_better`` says which way the target points:
a throughput ratio (service / baseline speed) must reach the target, a time ratio (service time /
baseline time) must stay below it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
REPEATS = 5


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary folder deleted afterwards, whatever happens (benchmarks write large files)."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{prefix}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def medians(runs: dict[str, Callable[[], float]], repeats: int = REPEATS) -> dict[str, list[float]]:
    """Each run ``repeats`` times, interleaved (a, b, a, b, ...) so that a change in the machine's
    load hits both sides alike. Each callable returns the seconds it measured itself (so set-up
    such as copying a database stays outside the figure). Returns every sample per run."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            samples[name].append(run())
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def write_result(name: str, *, ratio: float, target: float, higher_is_better: bool,
                 baseline_s: float, service_s: float, n: int, **details) -> Path:
    """Write bench/results/<name>.json and print the one-line verdict."""
    met = ratio >= target if higher_is_better else ratio <= target
    result = {
        "ratio": round(ratio, 3), "target": target, "baseline_s": round(baseline_s, 6),
        "service_s": round(service_s, 6), "n": n,
        "higher_is_better": higher_is_better, "met": met,
        "measured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        **details,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    sign = ">=" if higher_is_better else "<="
    print(f"{name}: {ratio:.2f}x (target {sign} {target}x) {'met' if met else 'MISSED'}"
          f" — service {service_s:.3f} s, baseline {baseline_s:.3f} s, n={n:,},"
          f" load {result['load_average'][0]}")
    return path
