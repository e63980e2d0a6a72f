"""Words for codes: the one place a stored code, an ISO 8601 period or an actor reference becomes
what a person reads, on the pages and in the workbooks (which keep the code in a column of its
own). Pure: no Flask, no database; purpose names come in from the policies.

``words("request_status", "in_progress")`` -> "In progress"; ``period("P24M")`` -> "2 years";
``actor("cli")`` -> "Command line". A code no table knows is shown capitalised with its
underscores as spaces, never as a raw code.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping

_TABLES: dict[str, dict[str, str]] = {
    "request_type": {
        "access": "Access (Art 15)", "rectification": "Rectification (Art 16)",
        "erasure": "Erasure (Art 17)", "restriction": "Restriction (Art 18)",
        "portability": "Portability (Art 20)", "objection": "Objection (Art 21)"},
    "request_status": {
        "pending_confirmation": "Waiting for the subject to confirm", "received": "Received",
        "identity_verification": "Checking identity", "in_progress": "In progress",
        "completed": "Completed", "rejected": "Refused"},
    "channel": {
        "api": "Through the API", "portal": "Member portal", "email": "E-mail", "post": "Post",
        "phone": "Phone", "in_person": "In person", "web_form": "Web form", "paper": "Paper form",
        "public_form": "Public request form"},
    "identity_method": {
        "email_confirmation": "Confirmed from their e-mail address",
        "signed_in_account": "Signed in to their account", "id_document": "Identity document seen",
        "known_contact": "Known contact", "video_call": "Video call", "other": "Another way"},
    "consent_action": {"grant": "Consent given", "withdraw": "Consent withdrawn",
                       "expire": "Consent expired", "renew": "Consent renewed"},
    "consent_status": {"granted": "Given", "withdrawn": "Withdrawn", "expired": "Expired"},
    "subject_kind": {"candidate": "Candidate", "member": "Member", "client_contact": "Client contact"},
    "subject_status": {"active": "Active", "restricted": "Restricted (Art 18)", "erased": "Erased"},
    "breach_status": {"open": "Open", "closed": "Closed"},
    "breach_clock": {"running": "Clock running", "overdue": "Overdue: not notified within 72 hours",
                     "notified": "Notified in time", "notified_late": "Notified late"},
    "risk": {"unlikely": "Unlikely to result in a risk", "risk": "A risk to people",
             "high": "A high risk to people"},
    "placement_type": {"permanent": "Permanent placement", "temporary_agency_work": "Temporary agency work",
                       "executive_search": "Executive search", "freelance": "Freelance"},
    "placement_status": {"active": "Active", "ended": "Ended", "cancelled": "Cancelled"},
    "claim_status": {"open": "Open", "settled": "Settled", "closed": "Closed", "withdrawn": "Withdrawn"},
    "coverage_reason": {
        "outside_territory": "Outside the insured territory",
        "host_state_requirement": "A host-state requirement applies",
        "excluded_activity": "An excluded activity"},
    "role": {"dpo": "DPO", "admin": "Administrator", "member": "Member", "auditor": "Auditor"},
    "erasure_action": {"erase": "Erase", "anonymise": "Anonymise"},
}
#: Statuses and the like shown as a badge: the same codes in one flat table, first table wins.
_ANY = {code: label for table in _TABLES.values() for code, label in reversed(table.items())}

_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_UNITS = ("year", "month", "week", "day")
_FIXED_ACTORS = {"cli": "Command line", "public": "Data subject (public form)",
                 "system:audit": "System (audit sealing)", "system:startup": "System (start-up checks)",
                 "system:consent-expiry": "System (consent expiry)"}


def plain(code: str) -> str:
    """``host_state_requirement`` -> "Host state requirement": the last resort for unknown codes."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def words(kind: str, code: str | None, purposes: Mapping[str, str] | None = None) -> str:
    """The label of ``code`` in the table ``kind`` ("purpose" reads the policies' names)."""
    if code is None or code == "":
        return "—"
    code = str(code)
    if kind == "purpose":
        return (purposes or {}).get(code) or plain(code)
    table = _TABLES.get(kind) if kind != "any" else _ANY
    if table is None:
        raise KeyError(f"no vocabulary named {kind!r}")
    return table.get(code) or _ANY.get(code) or plain(code)


def period(iso: str | None) -> str:
    """An ISO 8601 period in words: P24M -> "2 years", P18M -> "1 year 6 months", P30D -> "30 days"."""
    if not iso:
        return "—"
    match = _PERIOD.match(iso.strip().upper())
    if not match or not any(match.groups()):
        return iso
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    years, months = years + months // 12, months % 12
    parts = [f"{n} {unit}{'s' if n != 1 else ''}"
             for n, unit in zip((years, months, weeks, days), _UNITS, strict=True) if n]
    return " ".join(parts)


def actor(ref: str | None, roles: Mapping[uuid.UUID, str] | None = None) -> str:
    """Who did it: "user:<uuid>" -> the account's role ("DPO"); "cli" -> "Command line"."""
    if not ref:
        return "—"
    if ref in _FIXED_ACTORS:
        return _FIXED_ACTORS[ref]
    kind, _, rest = ref.partition(":")
    if kind == "user":
        try:
            role = (roles or {}).get(uuid.UUID(rest))
        except ValueError:
            role = None
        return f"{words('role', role)} account" if role else "A user account"
    if kind == "system":
        return f"System ({plain(rest)})"
    return plain(ref)


def details(values: Mapping) -> str:
    """Audit details as a sentence-like text: "Fields: name, e-mail · Via: email lookup"."""
    parts = []
    for key, value in values.items():
        if isinstance(value, list | tuple | set):
            shown = ", ".join(_detail_value(v) for v in value) or "none"
        elif isinstance(value, Mapping):
            shown = ", ".join(f"{plain(k).lower()} {_detail_value(v)}" for k, v in value.items()) or "none"
        else:
            shown = _detail_value(value)
        parts.append(f"{plain(key)}: {shown}")
    return " · ".join(parts)


def _detail_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", value):
        return value.replace("_", " ")
    return str(value)
