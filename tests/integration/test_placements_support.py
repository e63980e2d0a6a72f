"""Shared set-up for the placement and insurance tests (no tests here): a member, a candidate,
the platform's EUR 2M PI policy, consents, and request bodies relative to today."""

from __future__ import annotations

from datetime import date, timedelta

from compliance.audit.services import CLI_ACTOR
from compliance.consent.services import record_consent
from compliance.placements.rules import EEA_COUNTRIES

TODAY = date.today()


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def policy_body(**changes) -> dict:
    """The platform's policy: EUR 2M, EEA + CH + GB, temp work excluded, US/CA courts excluded."""
    body = {
        "insurer": "Example Underwriting SE", "policy_number": "PI-TEST-001",
        "per_claim_limit": "2000000.00", "aggregate_limit": "2000000.00", "excess": "5000.00",
        "currency": "EUR", "period_start": days(-180), "period_end": days(185),
        "retroactive_date": days(-5 * 365),
        "territories": sorted((EEA_COUNTRIES - {"GR"}) | {"CH", "GB"}),
        "excluded_jurisdictions": ["US", "CA"], "excluded_activities": ["temporary_agency_work"],
    }
    body.update(changes)
    return body


def placement_body(member_id, candidate_id, **changes) -> dict:
    body = {
        "member_id": str(member_id), "candidate_id": str(candidate_id),
        "client_name": "Beispiel Maschinenbau GmbH", "client_country": "AT",
        "work_country": "DE", "placement_type": "permanent", "start_date": days(-30),
        "fee": "18500.00", "currency": "EUR", "role_title": "Senior Process Engineer",
    }
    body.update(changes)
    return body


def grant_cv_sharing(candidate_id, client_name: str) -> None:
    record_consent(CLI_ACTOR, candidate_id, {
        "purpose": "cv_sharing", "action": "grant", "scope": client_name, "channel": "api"})


class World:
    """A DPO API client, a member (with a member login) and a candidate, ready to place."""

    def __init__(self, api_as, make_subject):
        self.dpo = api_as("dpo")
        self.member = make_subject(kind="member", country="EE", membership_start=TODAY - timedelta(days=730))
        self.member_api = api_as("member", subject_id=self.member.id)
        self.candidate = make_subject(kind="candidate", country="DE")

    def member_candidate(self) -> dict:
        """A candidate recorded by the member (members place only candidates they recorded)."""
        response = self.member_api.post("/api/v1/subjects", json={
            "kind": "candidate", "name": "Anna Example", "country": "LV"})
        assert response.status_code == 201, response.json
        return response.json

    def add_policy(self, **changes) -> dict:
        response = self.dpo.post("/api/v1/insurance-policies", json=policy_body(**changes))
        assert response.status_code == 201, response.json
        return response.json

    def place(self, api=None, member=None, candidate=None, **changes) -> dict:
        body = placement_body((member or self.member).id, (candidate or self.candidate).id,
                              **changes)
        response = (api or self.dpo).post("/api/v1/placements", json=body)
        assert response.status_code == 201, response.json
        return response.json
