"""Processing purposes (policies/purposes.yaml), loaded and validated.

Part of the policy loader (assembled in compliance.policies, reader in compliance.policy_reading):
pure, no Flask, no database; every error names the file and the field, e.g.
``policies/purposes.yaml: purposes[4].objection: must be balancing: Art 6(1)(f) processing may be
objected to and the controller must weigh compelling grounds (GDPR Art 21(1))``.

Besides its lawful basis a purpose says
- what it ``requires``: purposes that must themselves be allowed (candidate matching runs only on
  the talent pool, so it stops when the talent-pool consent is withdrawn);
- how an ``objection`` is handled (GDPR Art 21): ``absolute`` for direct marketing (Art 21(2)-(3):
  it stops, no balancing), ``balancing`` for Art 6(1)(e)/(f) (Art 21(1): it stops unless the
  controller demonstrates compelling legitimate grounds or legal claims), ``not_applicable``
  otherwise (consent is withdrawn, not objected to; contract and legal obligation carry no right
  to object);
- which Art 18(2) exception lets it go on while the subject's processing is ``restriction``-ed:
  ``storage_only`` (none: it stops), ``legal_claims``, ``rights_of_others``, ``public_interest``,
  or ``subject_consent`` (a consent the subject gave after the restriction began).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from compliance.policy_reading import Period, PolicyNode, read_policy_yaml

LAWFUL_BASES = ("a", "b", "c", "d", "e", "f")  # GDPR Art 6(1)
OBJECTION_HANDLING = ("absolute", "balancing", "not_applicable")  # GDPR Art 21
# GDPR Art 18(2): "with the exception of storage, only be processed with the data subject's consent
# or for the establishment, exercise or defence of legal claims or for the protection of the rights
# of another natural or legal person or for reasons of important public interest".
RESTRICTION_EXCEPTIONS = ("storage_only", "legal_claims", "rights_of_others", "public_interest",
                          "subject_consent")
DEFAULT_CONSENT_VALIDITY = Period(months=24)


@dataclasses.dataclass(frozen=True)
class Purpose:
    id: str
    name: str
    description: str
    lawful_basis: str
    requires_consent: bool
    consent_validity: Period | None
    scoped_to_client: bool
    direct_marketing: bool
    notice_id: str
    notice_version: str
    legitimate_interest: str | None
    data_categories: tuple[str, ...]
    retention_category: str
    requires: tuple[str, ...] = ()
    objection: str = "not_applicable"
    restriction: str = "storage_only"
    # GDPR Art 14: the notice given to other people whose data this purpose collects (referees).
    third_party_notice: tuple[str, str] | None = None


def expected_objection(basis: str, direct_marketing: bool) -> tuple[str, str]:
    """The objection handling GDPR Art 21 gives a purpose, and why."""
    if direct_marketing:
        return "absolute", "direct marketing stops on objection, without balancing (GDPR Art 21(2)-(3))"
    if basis in ("e", "f"):
        return "balancing", (f"Art 6(1)({basis}) processing may be objected to and the controller "
                             "must weigh compelling grounds (GDPR Art 21(1))")
    return "not_applicable", (f"Art 21 gives no right to object to Art 6(1)({basis}) processing "
                              "(consent is withdrawn under Art 7(3) instead)")


def _notice_ref(node: PolicyNode, notices: Mapping) -> tuple[str, str]:
    notice_id, _, version = (node.text() or "").partition("/")
    if (notice_id, version) not in notices:
        node.fail(f"notices/{notice_id}/{version}.md: file not found")
    return notice_id, version


def _load_purpose(node: PolicyNode, notices: Mapping, retention: Mapping) -> Purpose:
    basis = node.child("lawful_basis").choice(LAWFUL_BASES)
    consent = node.child("requires_consent").flag()
    if consent != (basis == "a"):
        node.child("requires_consent").fail("must be true exactly when lawful_basis is a")
    validity = _consent_validity(node.child("consent_validity", False)) if consent else None
    interest = node.child("legitimate_interest", basis == "f").text(optional=basis != "f")
    notice_id, version = _notice_ref(node.child("notice"), notices)
    category = node.child("retention_category").text()
    if category not in retention:
        node.child("retention_category").fail("unknown retention category")
    marketing = node.child("direct_marketing").flag()
    other_notice = node.child("third_party_notice", False)
    return Purpose(
        node.child("id").text(), node.child("name").text(), node.child("description").text(),
        basis, consent, validity, node.child("scoped_to_client").flag(), marketing,
        notice_id, version, interest, node.child("data_categories").texts(), category,
        requires=tuple(n.text() for n in node.child("requires", False).items(optional=True)),
        objection=_objection(node.child("objection"), basis, marketing),
        restriction=_restriction(node.child("restriction"), consent),
        third_party_notice=_notice_ref(other_notice, notices) if other_notice.value else None)


def _objection(node: PolicyNode, basis: str, marketing: bool) -> str:
    declared = node.choice(OBJECTION_HANDLING)
    expected, why = expected_objection(basis, marketing)
    if declared != expected:
        node.fail(f"must be {expected}: {why}")
    return declared


def _restriction(node: PolicyNode, consent: bool) -> str:
    declared = node.choice(RESTRICTION_EXCEPTIONS)
    if declared == "subject_consent" and not consent:
        node.fail("subject_consent needs a purpose resting on consent (lawful_basis a)")
    return declared


def _consent_validity(node: PolicyNode) -> Period:
    # EDPB Guidelines 05/2020 §111: refresh consent at intervals; market default 24 months
    return DEFAULT_CONSENT_VALIDITY if node.value is None else node.period()


def load_purposes(directory: Path, notices: Mapping, retention: Mapping) -> dict[str, Purpose]:
    """policies/purposes.yaml: every purpose valid, ids unique, dependencies known and acyclic."""
    purposes, nodes = {}, {}
    for node in read_policy_yaml(directory, "purposes.yaml").child("purposes").items():
        purpose = _load_purpose(node, notices, retention)
        if purpose.id in purposes:
            node.child("id").fail(f"duplicate purpose id {purpose.id}")
        purposes[purpose.id], nodes[purpose.id] = purpose, node
    for purpose_id, purpose in purposes.items():
        _check_requires(nodes[purpose_id].child("requires", False), purpose, purposes)
    return purposes


def _check_requires(node: PolicyNode, purpose: Purpose, purposes: Mapping[str, Purpose]) -> None:
    for item, required_id in zip(node.items(optional=True), purpose.requires, strict=True):
        required = purposes.get(required_id)
        if required is None:
            item.fail(f"unknown purpose {required_id}")
        if required_id == purpose.id:
            item.fail("a purpose cannot require itself")
        if required.scoped_to_client and not purpose.scoped_to_client:
            item.fail(f"{required_id} is given per client; a purpose not scoped to a client "
                      "cannot require it")
    if purpose.id in _reachable(purpose.requires, purposes):
        node.fail(f"circular requirement: {purpose.id} ends up requiring itself")


def _reachable(start: tuple[str, ...], purposes: Mapping[str, Purpose]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        current = todo.pop()
        if current not in seen and current in purposes:
            seen.add(current)
            todo.extend(purposes[current].requires)
    return seen
