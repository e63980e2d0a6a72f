"""Reading policy files: the node reader, provenance rules, ISO periods and state codes.

Shared by compliance.policies (purposes, notices, retention, RoPA), compliance.policy_states
(member-state facts, lead authority) and compliance.policy_transfers (third countries). Pure: no
Flask, no database. Every error is a `PolicyError` naming the file and the field.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

EU_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
EEA_STATES = EU_STATES | {"IS", "LI", "NO"}
COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType({"GR": "EL"})  # ISO 3166 GR; EU uses EL
_PERIOD_RE = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")
_URL_RE = re.compile(r"https?://\S+")


class PolicyError(Exception):
    """The policy data is missing, malformed or inconsistent."""


@dataclasses.dataclass(frozen=True)
class Period:
    """An ISO-8601 calendar period PnYnMnD."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse 'P4M', 'P2Y', 'P1Y6M10D'; raise ValueError otherwise."""
        match = _PERIOD_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None or not any(match.groups()):
            raise ValueError(f"{text!r} is not an ISO-8601 period PnYnMnD")
        return cls(*(int(group or 0) for group in match.groups()))

    def add_to(self, start: dt.date) -> dt.date:
        """Add years and months (clamping to the month's last day), then days."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.days, "D")]
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n) if any(
            n for n, _ in parts
        ) else "P0D"


@dataclasses.dataclass(frozen=True)
class RetentionOverride:
    period: Period
    citation: str
    verified: bool
    sources: tuple[str, ...]
    verified_on: dt.date | None = None  # the date the source was read; None when not verified


def canonical_code(code: str) -> str:
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


@dataclasses.dataclass(frozen=True)
class PolicyNode:
    """A value read from a policy file, with the path used in error messages."""

    file: str
    path: str
    value: Any

    def fail(self, message: str) -> NoReturn:
        raise PolicyError(f"{self.file}: {self.path or '<root>'}: {message}")

    def child(self, key: str, required: bool = True) -> PolicyNode:
        """The value at `key`; a missing optional key reads as None."""
        path = f"{self.path}.{key}" if self.path else key
        if not isinstance(self.value, dict):
            self.fail("must be a mapping")
        if required and key not in self.value:
            PolicyNode(self.file, path, None).fail("is required")
        return PolicyNode(self.file, path, self.value.get(key))

    def items(self, optional: bool = False) -> list[PolicyNode]:
        if self.value is None and optional:
            return []
        if not isinstance(self.value, list):
            self.fail("must be a list")
        return [PolicyNode(self.file, f"{self.path}[{i}]", v) for i, v in enumerate(self.value)]

    def entries(self) -> list[tuple[str, PolicyNode]]:
        """Key/value pairs of a mapping; an absent (None) mapping has none."""
        if self.value is None:
            return []
        if not isinstance(self.value, dict):
            self.fail("must be a mapping")
        return [(str(key), self.child(str(key))) for key in self.value]

    def text(self, optional: bool = False) -> str | None:
        if self.value is None and optional:
            return None
        if not isinstance(self.value, str) or not self.value.strip():
            self.fail("must be a non-empty string")
        return self.value

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail("must be true or false")
        return self.value

    def choice(self, choices: tuple[str, ...]) -> str:
        if self.value not in choices:
            self.fail(f"must be one of {', '.join(choices)}")
        return self.value

    def date(self, optional: bool = False) -> dt.date | None:
        """A YAML date (2026-11-29) or the same as an ISO string."""
        value = self.value
        if value is None and optional:
            return None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail("must be a date YYYY-MM-DD")
        return value

    def period(self) -> Period:
        try:
            return Period.parse(self.value)
        except ValueError as error:
            self.fail(str(error))

    def texts(self, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        nodes = self.items()
        return tuple(n.choice(choices) if choices else n.text() for n in nodes)


def read_provenance(node: PolicyNode) -> tuple[bool, tuple[str, ...], dt.date | None]:
    """(verified, sources, verified_on): `verified` is the date someone read the source, or false.

    Every fact lists at least one source (for an unverified one: where it should be checked); a
    verified fact needs a source with its address, and cannot have been read in the future.
    """
    sources = node.child("sources").texts()
    if not sources:
        node.child("sources").fail("list at least one source (unverified: where to check it)")
    verified = node.child("verified")
    if verified.value is False:
        return False, sources, None
    if verified.value is True:
        verified.fail("must be the date the source was read (YYYY-MM-DD), or false")
    read_on = verified.date()
    if read_on > dt.date.today():
        verified.fail(f"{read_on} is in the future: give the date the source was read")
    if not any(_URL_RE.search(source) for source in sources):
        node.child("sources").fail("a verified fact needs a source with its address (https://...)")
    return True, sources, read_on


def read_policy_yaml(directory: Path, relative: str) -> PolicyNode:
    label = f"{directory.name}/{relative}"
    path = directory / relative
    if not path.is_file():
        raise PolicyError(f"{label}: file not found")
    try:
        return PolicyNode(label, "", yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        raise PolicyError(f"{label}: invalid YAML: {error}") from error


def load_retention_override(node: PolicyNode) -> RetentionOverride:
    return RetentionOverride(node.child("period").period(), node.child("citation").text(),
                             *read_provenance(node))
