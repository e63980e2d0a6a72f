"""Server-rendered SVG charts (pure: no Flask, no database). Colours come from CSS classes, so the
strict Content-Security-Policy (no inline styles) holds; every chart carries a title, a text
description and its data as a table for screen readers."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 14, 30, 44, 44
TICKS = 4


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    svg: Markup
    legend: tuple[tuple[str, str], ...]  # (css key, name)
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is >= value (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _slug(title: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


class _Frame:
    """Pixel geometry of the plot area."""

    def __init__(self, width: int, height: int, groups: int, top: float, right_axis: bool):
        self.width, self.height, self.groups, self.top = width, height, max(groups, 1), top
        self.left = MARGIN_LEFT
        self.right = width - (MARGIN_RIGHT if right_axis else 12)
        self.bottom = height - MARGIN_BOTTOM

    @property
    def group_width(self) -> float:
        return (self.right - self.left) / self.groups

    def y(self, value: float, top: float | None = None) -> float:
        scale = top or self.top
        return self.bottom - (self.bottom - MARGIN_TOP) * (value / scale)

    def centre(self, index: int) -> float:
        return self.left + self.group_width * (index + 0.5)


def bar_chart(title: str, labels: Sequence[str], bars: Sequence[Series], *,
              line: Series | None = None, line_max: float = 100, line_unit: str = "%",
              width: int = 520, height: int = 240) -> Chart:
    """Grouped bars per label, with an optional line on its own right-hand scale (0..line_max)."""
    peak = max((v or 0 for s in bars for v in s.values), default=0)
    frame = _Frame(width, height, len(labels), nice_ceiling(peak), line is not None)
    slug = _slug(title)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{slug}-title">{escape(title)}</title>',
        f'<desc id="{slug}-desc">{escape(describe(labels, bars, line, line_unit))}</desc>',
        *_left_axis(frame), *_bars(frame, bars), *_labels(frame, labels),
    ]
    if line is not None:
        parts += _right_axis(frame, line_max, line_unit) + _line(frame, line, line_max)
    parts.append("</svg>")
    legend = tuple((str(i), s.name) for i, s in enumerate(bars))
    if line is not None:
        legend += (("line", line.name),)
    # Every interpolated text above went through escape(); numbers are formatted floats.
    svg = Markup("".join(parts))  # noqa: S704
    return Chart(svg, legend, *_table(labels, bars, line, line_unit))


def tick_count(top: float) -> int:
    """4 steps for a 2-based axis maximum (0.5 each), 5 otherwise (1, 2.5 and 5 divide by 5)."""
    leading = top / 10 ** math.floor(math.log10(top)) if top > 0 else 1
    return 4 if round(leading, 6) == 2 else 5


def _left_axis(frame: _Frame) -> list[str]:
    out = []
    ticks = tick_count(frame.top)
    for i in range(ticks + 1):
        value = frame.top * i / ticks
        y = frame.y(value)
        out.append(f'<line class="grid-line" x1="{frame.left}" x2="{frame.right}" '
                   f'y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
    out.append(f'<line class="axis" x1="{frame.left}" x2="{frame.right}" '
               f'y1="{frame.bottom}" y2="{frame.bottom}"/>')
    return out


def _bars(frame: _Frame, bars: Sequence[Series]) -> list[str]:
    out = []
    inner = frame.group_width * 0.72
    bar_width = inner / max(len(bars), 1)
    for s_index, series in enumerate(bars):
        for index, value in enumerate(series.values):
            if not value:
                continue
            x = frame.centre(index) - inner / 2 + s_index * bar_width
            y = frame.y(value)
            out.append(f'<rect class="series-{s_index}" x="{x:.1f}" y="{y:.1f}" '
                       f'width="{max(bar_width - 2, 1):.1f}" height="{frame.bottom - y:.1f}" rx="2">'
                       f'<title>{escape(series.name)}: {_fmt(value)}</title></rect>')
    return out


def _labels(frame: _Frame, labels: Sequence[str]) -> list[str]:
    every = 1 if len(labels) <= 12 else 2
    return [f'<text x="{frame.centre(i):.1f}" y="{frame.bottom + 18}" text-anchor="middle">'
            f'{escape(label)}</text>' for i, label in enumerate(labels) if i % every == 0]


def _right_axis(frame: _Frame, line_max: float, unit: str) -> list[str]:
    out = []
    for i in range(TICKS + 1):
        value = line_max * i / TICKS
        y = frame.y(value, line_max)
        out.append(f'<text x="{frame.right + 6}" y="{y + 4:.1f}">{_fmt(value)}{escape(unit)}</text>')
    return out


def _line(frame: _Frame, line: Series, line_max: float) -> list[str]:
    """Segments join consecutive known points; a month without data breaks the line."""
    out, run = [], []
    points = [(frame.centre(i), frame.y(min(v, line_max), line_max)) if v is not None else None
              for i, v in enumerate(line.values)]
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline class="line" points="{coords}"/>')
            run = []
        else:
            run.append(point)
    out += [f'<circle class="dot" cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="3.5"/>' for p in points if p]
    return out


def describe(labels: Sequence[str], bars: Sequence[Series], line: Series | None, unit: str) -> str:
    """A one-sentence summary for assistive technology."""
    if not labels:
        return "No data yet."
    totals = ", ".join(f"{s.name}: {_fmt(sum(v or 0 for v in s.values))} in all" for s in bars)
    text = f"{labels[0]} to {labels[-1]}. {totals}."
    if line is not None:
        known = [v for v in line.values if v is not None]
        if known:
            text += f" {line.name}: {_fmt(min(known))}{unit} to {_fmt(max(known))}{unit}."
    return text


def _table(labels, bars, line, unit) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    headers = ("Month", *(s.name for s in bars), *((line.name,) if line else ()))
    rows = []
    for i, label in enumerate(labels):
        cells = [label, *(_fmt(s.values[i] or 0) for s in bars)]
        if line is not None:
            value = line.values[i]
            cells.append("—" if value is None else f"{_fmt(value)}{unit}")
        rows.append(tuple(cells))
    return headers, tuple(rows)
