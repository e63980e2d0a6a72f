from dataclasses import replace
from datetime import date

import pytest

from compliance.placements.rules import (
    MemberAuthorisation,
    PlacementFacts,
    Severity,
    StateRules,
    TransferRule,
    assess_cross_border,
)

TODAY = date(2026, 6, 1)

PLACEMENT = PlacementFacts(
    placement_ref="PL-2026-000042",
    placement_type="permanent",
    start_date=date(2026, 5, 4),
    work_country="DE",
    client_country="DE",
    member_country="EE",
    candidate_country="DE",
    membership_start=date(2026, 1, 1),
    membership_end=None,
)
DE = StateRules("DE", "Germany", "none", "no licence since 2002", verified=True, is_eea=True)
AT = StateRules("AT", "Austria", "registration", "§151a GewO", verified=True, is_eea=True)
AT_TEMP = replace(AT, temp_work_requirement="licence")
DK = StateRules("DK", "Denmark", "unknown", "", verified=False, is_eea=True)
CH = StateRules("CH", "Switzerland", "licence", "AVG", verified=True, is_eea=False)
AT_REG = MemberAuthorisation("AT", "registration", "GISA-123456", valid_until=date(2026, 5, 4))
JP = TransferRule("JP", "full", "", verified=True, decision="Decision (EU) 2019/419")
US = TransferRule("US", "partial", "the client is certified under the EU-US DPF", verified=True)
IN = TransferRule("IN", "none", "", verified=True)


def findings_by_code(findings):
    found = {}
    for finding in findings:
        found.setdefault(finding.code, []).append(finding)
    return found


@pytest.mark.parametrize(
    ("changes", "state", "auths", "transfer", "code", "severity", "text"),
    [
        ({}, DE, [], None, "services_directive_applies", "info", "EE"),
        (
            {"placement_type": "executive_search"},
            DE,
            [],
            None,
            "services_directive_applies",
            "info",
            "DE",
        ),
        (
            {"placement_type": "temporary_agency_work"},
            DE,
            [],
            None,
            "services_directive_excluded",
            "warning",
            "temporary agency work",
        ),
        (
            {"work_country": "CH", "client_country": "CH"},
            CH,
            [],
            JP,
            "outside_eea_work",
            "warning",
            "CH",
        ),
        ({"placement_type": "freelance"}, DE, [], None, "freelance_engagement", "info", "DE"),
        ({}, DE, [], None, "host_state_requirement", "info", "no placement requirement"),
        (
            {"work_country": "AT"},
            AT,
            [],
            None,
            "host_state_requirement",
            "blocker",
            "requires registration",
        ),
        (
            {"work_country": "AT"},
            AT,
            [AT_REG],
            None,
            "host_state_requirement",
            "info",
            "GISA-123456",
        ),
        (
            {"work_country": "AT", "start_date": date(2026, 5, 5)},
            AT,
            [AT_REG],
            None,
            "host_state_requirement",
            "blocker",
            "none valid on 2026-05-05",
        ),
        (
            {"work_country": "AT"},
            AT,
            [replace(AT_REG, country="DE")],
            None,
            "host_state_requirement",
            "blocker",
            "AT",
        ),
        (
            {"work_country": "AT", "placement_type": "temporary_agency_work"},
            AT_TEMP,
            [AT_REG],
            None,
            "host_state_requirement",
            "blocker",
            "licence for temporary_agency_work",
        ),
        (
            {"work_country": "AT", "placement_type": "temporary_agency_work"},
            AT_TEMP,
            [replace(AT_REG, kind="licence", activity="temporary_agency_work")],
            None,
            "host_state_requirement",
            "info",
            "GISA-123456",
        ),
        ({"work_country": "DK"}, DK, [], None, "host_state_requirement", "warning", "unknown"),
        ({"work_country": "HR"}, None, [], None, "host_state_requirement", "warning", "HR"),
        ({"client_country": "JP"}, DE, [], JP, "third_country_transfer", "info", "2019/419"),
        ({"client_country": "US"}, DE, [], US, "third_country_transfer", "warning", "DPF"),
        (
            {"client_country": "IN"},
            DE,
            [],
            IN,
            "third_country_transfer",
            "blocker",
            "Art 46 safeguards (SCCs/BCRs) or an Art 49 derogation must be documented",
        ),
        ({"client_country": "IN"}, DE, [], None, "third_country_transfer", "blocker", "IN"),
        ({"work_country": "DK"}, DK, [], None, "unverified_rule", "warning", "DK"),
        (
            {"client_country": "US"},
            DE,
            [],
            replace(US, verified=False),
            "unverified_rule",
            "warning",
            "transfer rule for US",
        ),
    ],
)
def test_finding(changes, state, auths, transfer, code, severity, text):
    placement = replace(PLACEMENT, **changes)
    found = findings_by_code(assess_cross_border(placement, state, auths, transfer, TODAY))
    assert code in found, found
    (finding,) = found[code]
    assert finding.severity is Severity(severity)
    assert text in finding.message


@pytest.mark.parametrize(
    ("changes", "state", "transfer", "absent"),
    [
        ({"member_country": "DE"}, DE, None, "services_directive_applies"),  # domestic
        ({"placement_type": "freelance"}, DE, None, "host_state_requirement"),
        ({}, DE, replace(IN, country="DE", verified=False), "third_country_transfer"),
        ({}, DE, replace(IN, country="DE", verified=False), "unverified_rule"),
        ({"placement_type": "temporary_agency_work"}, DE, None, "services_directive_applies"),
    ],
)
def test_finding_absent(changes, state, transfer, absent):
    placement = replace(PLACEMENT, **changes)
    codes = {f.code for f in assess_cross_border(placement, state, [], transfer, TODAY)}
    assert absent not in codes


def test_legal_references_are_cited():
    placement = replace(PLACEMENT, client_country="IN")
    found = findings_by_code(assess_cross_border(placement, DE, [], IN, TODAY))
    assert found["services_directive_applies"][0].legal_reference == "Directive 2006/123/EC Art 16"
    assert found["third_country_transfer"][0].legal_reference == "GDPR Art 46, 49"
    temp = replace(PLACEMENT, placement_type="temporary_agency_work")
    (regime, *_) = assess_cross_border(temp, DE, [], None, TODAY)
    assert "Art 2(2)(e)" in regime.legal_reference
    assert "2008/104/EC" in regime.legal_reference


def test_expired_since_start_is_mentioned():
    placement = replace(PLACEMENT, work_country="AT")
    (_, host) = assess_cross_border(placement, AT, [AT_REG], None, TODAY)
    assert host.severity is Severity.INFO
    assert "since expired" in host.message


def test_both_unverified_facts_are_named():
    placement = replace(PLACEMENT, work_country="DK", client_country="US")
    findings = assess_cross_border(placement, DK, [], replace(US, verified=False), TODAY)
    messages = [f.message for f in findings if f.code == "unverified_rule"]
    assert len(messages) == 2
    assert "DK" in messages[0] and "US" in messages[1]
