"""The DPIA risk map as a server-rendered SVG (pure): severity up, likelihood across, each feared
event drawn where it stood before the measures (hollow) and where it stands after (filled), joined
by an arrow. Colours come from CSS classes (strict CSP); the same facts are given as a table."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from compliance.assessments.rules import Level, RiskScore, rate
from compliance.web.charts import Chart

SIZE, MARGIN_LEFT, MARGIN_BOTTOM, TOP = 76, 92, 62, 10
LABELS = {"illegitimate_access": "Illegitimate access", "unwanted_change": "Unwanted change",
          "disappearance": "Disappearance"}
MARKS = {"illegitimate_access": "A", "unwanted_change": "C", "disappearance": "D"}
OFFSETS = {"illegitimate_access": (-20, -14), "unwanted_change": (0, 14), "disappearance": (20, -14)}


def _x(likelihood: int, dx: int = 0) -> float:
    return MARGIN_LEFT + (likelihood - 0.5) * SIZE + dx


def _y(severity: int, dy: int = 0) -> float:
    return TOP + (4 - severity + 0.5) * SIZE + dy


def _cells() -> list[str]:
    parts = []
    for severity in range(1, 5):
        for likelihood in range(1, 5):
            x, y = MARGIN_LEFT + (likelihood - 1) * SIZE, TOP + (4 - severity) * SIZE
            parts.append(f'<rect class="risk-cell risk-{rate(severity, likelihood).value}" x="{x}" y="{y}" '
                         f'width="{SIZE}" height="{SIZE}"/>')
    return parts


def _axes(width: int, height: int) -> list[str]:
    parts = []
    for level in Level:
        name = escape(level.label)
        parts.append(f'<text class="tick" x="{MARGIN_LEFT - 8}" y="{_y(level) + 4:.0f}" '
                     f'text-anchor="end">{level.value} {name}</text>')
        parts.append(f'<text class="tick" x="{_x(level):.0f}" y="{TOP + 4 * SIZE + 15}" '
                     f'text-anchor="middle">{level.value}</text>')
        parts.append(f'<text class="tick" x="{_x(level):.0f}" y="{TOP + 4 * SIZE + 29}" '
                     f'text-anchor="middle">{name}</text>')
    parts.append(f'<text class="axis-title" x="{MARGIN_LEFT + 2 * SIZE}" y="{height - 4}" '
                 f'text-anchor="middle">Likelihood</text>')
    parts.append(f'<text class="axis-title" x="14" y="{TOP + 2 * SIZE}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {TOP + 2 * SIZE})">Severity</text>')
    return parts


def _risk(score: RiskScore) -> list[str]:
    dx, dy = OFFSETS.get(score.kind, (0, 0))
    mark = escape(MARKS.get(score.kind, "?"))
    x0, y0 = _x(score.likelihood_before, dx), _y(score.severity_before, dy)
    x1, y1 = _x(score.likelihood_after, dx), _y(score.severity_after, dy)
    parts = []
    if (x0, y0) != (x1, y1):
        parts.append(f'<line class="risk-move" x1="{x0:.0f}" y1="{y0:.0f}" x2="{x1:.0f}" y2="{y1:.0f}" '
                     'marker-end="url(#risk-arrow)"/>')
    parts.append(f'<circle class="risk-before" cx="{x0:.0f}" cy="{y0:.0f}" r="11"/>')
    parts.append(f'<circle class="risk-after" cx="{x1:.0f}" cy="{y1:.0f}" r="11"/>')
    parts.append(f'<text class="risk-mark" x="{x1:.0f}" y="{y1 + 4:.0f}" text-anchor="middle">{mark}</text>')
    return parts


def risk_map(title: str, scores: Sequence[RiskScore]) -> Chart:
    width, height = MARGIN_LEFT + 4 * SIZE + 12, TOP + 4 * SIZE + MARGIN_BOTTOM
    described = "; ".join(
        f"{LABELS.get(s.kind, s.kind)}: severity {s.severity_before} and likelihood {s.likelihood_before} "
        f"({s.before.value}) before the measures, {s.severity_after} and {s.likelihood_after} "
        f"({s.residual.value}) after" for s in scores) or "No feared event assessed yet."
    parts = [
        f'<svg class="chart risk-map" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="risk-map-title risk-map-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="risk-map-title">{escape(title)}</title>',
        f'<desc id="risk-map-desc">{escape(described)}</desc>',
        '<defs><marker id="risk-arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="risk-arrow" d="M 0 0 L 10 5 L 0 10 z"/>'
        '</marker></defs>',
        *_cells(), *_axes(width, height), *(p for s in scores for p in _risk(s)), "</svg>",
    ]
    legend = (("before", "Before the measures"), ("after", "After the measures (residual)"))
    rows = tuple((LABELS.get(s.kind, s.kind),
                  f"{s.severity_before} × {s.likelihood_before} = {s.before.value}",
                  f"{s.severity_after} × {s.likelihood_after} = {s.residual.value}") for s in scores)
    # Every interpolated text went through escape(); the rest are numbers and fixed class names.
    return Chart(Markup("".join(parts)), legend,  # noqa: S704
                 ("Feared event", "Before (severity × likelihood)", "After (severity × likelihood)"), rows)
