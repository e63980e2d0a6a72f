"""Objection per purpose (GDPR Art 21): what happens to each purpose a subject objects to.

Pure domain logic: no Flask, no database, no I/O. The handling of each purpose comes from
policies/purposes.yaml (``objection``), checked there against its lawful basis:
- ``absolute``: direct marketing stops at once, without balancing (Art 21(2)-(3));
- ``balancing``: Art 6(1)(e)/(f) processing stops unless the controller demonstrates compelling
  legitimate grounds which override the subject's interests, or the processing serves the
  establishment, exercise or defence of legal claims (Art 21(1)); the DPO decides per purpose
  and records the balancing;
- ``not_applicable``: consent purposes are answered "withdraw your consent instead" (Art 7(3));
  contract, legal obligation and vital interests carry no right to object. Both are recorded.
"""

from __future__ import annotations

from enum import StrEnum

from compliance.errors import ValidationFailed


class ObjectionHandling(StrEnum):
    ABSOLUTE = "absolute"
    BALANCING = "balancing"
    NOT_APPLICABLE = "not_applicable"


class ObjectionDecision(StrEnum):
    PENDING = "pending"  # the DPO has not weighed it yet
    UPHELD = "upheld"  # processing for the purpose stops
    REFUSED = "refused"  # processing goes on, on a recorded ground
    WITHDRAW_CONSENT = "withdraw_consent"  # consent purpose: withdraw the consent instead
    NO_RIGHT = "no_right"  # contract, legal obligation, vital interests: no Art 21 right


class RefusalGround(StrEnum):
    COMPELLING_GROUNDS = "compelling_grounds"
    LEGAL_CLAIMS = "legal_claims"

    @property
    def citation(self) -> str:
        return "GDPR Art 21(1)"

    @property
    def description(self) -> str:
        return _GROUND_TEXT[self]


_GROUND_TEXT = {
    RefusalGround.COMPELLING_GROUNDS: "compelling legitimate grounds for the processing which "
                                      "override the interests, rights and freedoms of the data subject",
    RefusalGround.LEGAL_CLAIMS: "the establishment, exercise or defence of legal claims",
}

CITATIONS = {
    ObjectionDecision.UPHELD: "GDPR Art 21(1)",
    ObjectionDecision.REFUSED: "GDPR Art 21(1)",
    ObjectionDecision.WITHDRAW_CONSENT: "GDPR Art 7(3)",
    ObjectionDecision.NO_RIGHT: "GDPR Art 21(1) (Art 6(1)(e) and (f) only)",
}


def initial_decision(handling: str, lawful_basis: str) -> ObjectionDecision:
    """What an objection to a purpose with this handling gets at receipt, before any weighing."""
    kind = ObjectionHandling(handling)
    if kind is ObjectionHandling.ABSOLUTE:
        return ObjectionDecision.UPHELD  # Art 21(3): no longer processed for direct marketing
    if kind is ObjectionHandling.BALANCING:
        return ObjectionDecision.PENDING
    return ObjectionDecision.WITHDRAW_CONSENT if lawful_basis == "a" else ObjectionDecision.NO_RIGHT


def initial_citation(decision: ObjectionDecision, handling: str) -> str | None:
    if decision is ObjectionDecision.UPHELD and handling == ObjectionHandling.ABSOLUTE:
        return "GDPR Art 21(2)-(3)"
    return CITATIONS.get(decision)


def check_decision(handling: str, current: str, decision: str, ground: str | None,
                   balancing: str | None) -> tuple[ObjectionDecision, RefusalGround | None]:
    """The DPO's decision on one purpose, parsed; ValidationFailed names what is wrong."""
    problems: dict[str, list[str]] = {}
    if ObjectionHandling(handling) is not ObjectionHandling.BALANCING:
        problems["purpose"] = [f"An objection to a purpose handled as {handling} is not weighed "
                               "by the DPO (Art 21(1) balancing applies to Art 6(1)(e)/(f) only)."]
    elif ObjectionDecision(current) is not ObjectionDecision.PENDING:
        problems["purpose"] = [f"This objection was already decided ({current})."]
    parsed = _parse(ObjectionDecision, decision, (ObjectionDecision.UPHELD, ObjectionDecision.REFUSED))
    if parsed is None:
        problems["decision"] = ["Must be upheld or refused."]
    refusal = _parse(RefusalGround, ground, tuple(RefusalGround)) if ground else None
    if parsed is ObjectionDecision.REFUSED:
        if refusal is None:
            problems["ground"] = ["A refusal needs its ground: compelling_grounds or legal_claims."]
        if not (balancing or "").strip():
            problems["balancing"] = ["Record the balancing that shows the ground (Art 21(1), Art 5(2))."]
    elif parsed is ObjectionDecision.UPHELD and ground:
        problems["ground"] = ["An upheld objection takes no refusal ground."]
    if problems:
        raise ValidationFailed("The objection decision is not valid.", problems)
    return parsed, refusal


def _parse(enum, value, allowed):
    try:
        parsed = enum(value)
    except ValueError:
        return None
    return parsed if parsed in allowed else None
