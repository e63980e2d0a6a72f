"""Member-state and third-country facts: the real data and the loader's checks on broken copies."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from compliance.config import controller_from, defaults
from compliance.policies import Period, PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def policies():
    return load_policies(POLICY_DIR)


@pytest.fixture
def policy_copy(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def broken(policy_copy, relative: str, old: str, new: str, expected: str) -> None:
    edit(policy_copy / relative, old, new)
    with pytest.raises(PolicyError, match=expected):
        load_policies(policy_copy)


def state_facts(state):
    claim = state.rejected_applicant_claim_period
    yield from (state.supervisory_authority, *state.supervisory_authority.regional,
                state.age_of_digital_consent, state.placement_requirement,
                state.temporary_work_agency, claim)


def every_fact(policies):
    for state in policies.member_states.values():
        yield from state_facts(state)
    yield from policies.third_countries.values()
    yield from policies.international_organisations.values()
    yield policies.lead_authority


# --- the data ---------------------------------------------------------------------------------

def test_every_verified_fact_has_its_date_and_an_address(policies):
    for fact in every_fact(policies):
        assert fact.sources, fact
        if fact.verified:
            assert isinstance(fact.verified_on, dt.date), fact
            assert any(URL.search(source) for source in fact.sources), fact
        else:
            assert fact.verified_on is None, fact


@pytest.mark.parametrize(
    ("code", "condition_id", "words"),
    [
        ("US", "dpf_certified", "Data Privacy Framework"),
        ("CA", "pipeda_commercial_organisation", "PIPEDA"),
        ("JP", "appi_business_operator", "Supplementary Rules"),
        ("KR", "pipa_recipient_outside_exclusions", "Financial Services Commission"),
    ],
)
def test_partial_decisions_name_their_condition(policies, code, condition_id, words):
    country = policies.third_countries[code]
    assert (country.adequacy, country.condition_id) == ("partial", condition_id)
    assert words in country.condition
    assert country.decision and country.valid_from


def test_brazil_and_the_uk(policies):
    brazil, uk = policies.third_countries["BR"], policies.third_countries["GB"]
    assert "(EU) 2026/179 of 26 January 2026" in brazil.decision and brazil.adequacy == "full"
    assert brazil.verified_on == dt.date(2026, 11, 29)
    assert uk.valid_until == dt.date(2031, 12, 27) and "19 December 2025" in uk.decision
    assert uk.verified is False  # the renewal decision itself was not read


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("GB", dt.date(2031, 12, 27), "full"),
        ("GB", dt.date(2031, 12, 28), "none"),
        ("BR", dt.date(2026, 1, 25), "none"),
        ("BR", dt.date(2026, 1, 26), "full"),
        ("US", dt.date(2026, 11, 29), "partial"),
        ("US", dt.date(2023, 7, 9), "none"),
        ("IN", dt.date(2026, 11, 29), "none"),
    ],
)
def test_adequacy_applies_only_within_the_decisions_dates(policies, code, day, expected):
    assert policies.destination(code).adequacy_on(day) == expected


def test_the_european_patent_organisation_is_a_recipient(policies):
    epo = policies.destination("epo")
    assert epo.kind == "international_organisation" and epo.adequacy == "full"
    assert "(EU) 2025/1382 of 15 July 2025" in epo.decision
    assert policies.destination("IN").kind == "country"
    assert policies.destination("DE") is None  # inside the EEA: not a destination
    assert "EPO" not in policies.known_country_codes()


def test_member_state_facts_fixed(policies):
    italy = policies.member_state("IT").placement_requirement
    assert "ANPAL" not in italy.legal_reference.split("(")[0] and "D.Lgs. 276/2003" in italy.legal_reference
    assert italy.verified_on == dt.date(2026, 11, 29)
    spain = policies.member_state("ES").placement_requirement
    assert "Ley 3/2023" in spain.legal_reference and "art 33 TRLE" not in spain.legal_reference
    poland = policies.member_state("PL").placement_requirement
    assert "20 marca 2025" in poland.legal_reference and "1 June 2025" in poland.legal_reference
    assert policies.member_state("LI").age_of_digital_consent.value == 16


def test_germany_names_the_land_authority_not_the_bfdi(policies):
    germany = policies.member_state("DE").supervisory_authority
    assert "BfDI" not in germany.name and "BDSG §40(1)" in germany.competent_for
    assert germany.verified and len(germany.regional) == 16
    bavaria = policies.competent_authority("DE", "de-by")
    assert bavaria.name == "Bayerisches Landesamt für Datenschutzaufsicht"
    assert bavaria.competent_for == germany.competent_for
    assert policies.competent_authority("DE", "DE-XX") is germany
    assert policies.competent_authority("GR").name == policies.member_state("EL").supervisory_authority.name


def test_the_lead_authority_is_estonias(policies):
    lead = policies.lead_authority
    assert lead.country == controller_from(defaults()).country == "EE"  # the configured controller
    assert lead.authority is policies.member_state("EE").supervisory_authority
    assert "Art 56(1)" in lead.legal_basis and lead.verified


# --- the rejected applicant's claim period, by the vacancy's work country ---------------------

@pytest.mark.parametrize(
    ("work_country", "period", "source", "reason"),
    [
        ("AT", Period(months=6), "member_state", "claim period in AT: P6M"),
        ("DE", Period(months=5), "member_state", "claim period in DE: P5M"),
        ("IE", Period(months=12), "member_state", "claim period in IE: P12M"),
        ("FR", Period(months=6), "default", "runs from the revelation, not from the rejection"),
        ("SE", Period(months=6), "default", "claim period in SE unknown"),
        ("gr", Period(months=6), "default", "claim period in EL unknown"),
        ("US", Period(months=6), "default", "US is outside the EEA"),
        (None, Period(months=6), "default", "no work country given"),
    ],
)
def test_rejected_candidate_period_by_work_country(policies, work_country, period, source, reason):
    rule = policies.rejected_candidate_period(work_country)
    assert (rule.period, rule.source) == (period, source)
    assert reason in rule.reason
    if source == "default":
        assert rule.citation == policies.retention["rejected_candidate"].legal_citation


def test_claim_periods_are_the_rejected_candidate_overrides(policies):
    overrides = policies.retention["rejected_candidate"].country_overrides
    counted = {code for code, state in policies.member_states.items()
               if state.rejected_applicant_claim_period.counts_from_rejection}
    assert set(overrides) == counted == {"AT", "DE", "IE"}
    assert "GlBG" in overrides["AT"].citation and overrides["AT"].verified_on
    france = policies.member_state("FR").rejected_applicant_claim_period
    assert (france.value, france.starts) == (Period(years=5), "revelation")


# --- the loader refuses what it cannot trust ----------------------------------------------------

def test_verified_must_be_the_date_read(policy_copy):
    broken(policy_copy, "member_states/AT.yaml", "  verified: 2026-11-29", "  verified: true",
           r"AT\.yaml: supervisory_authority\.verified: must be the date the source was read")


def test_verified_date_cannot_be_in_the_future(policy_copy):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    broken(policy_copy, "member_states/AT.yaml", "  verified: 2026-11-29", f"  verified: {tomorrow}",
           r"AT\.yaml: supervisory_authority\.verified: .* is in the future")


def test_verified_fact_needs_an_address(policy_copy):
    broken(policy_copy, "lead_authority.yaml",
           "- GDPR Art 56, text (https://eulaw.online/l/reg-679-2016/article/56?lang=en)\n"
           "- GDPR Art 56, text and commentary (https://gdprhub.eu/index.php?title=Article_56_GDPR)",
           "- GDPR Art 56",
           r"lead_authority\.yaml: sources: a verified fact needs a source with its address")


def test_every_fact_lists_a_source(policy_copy):
    broken(policy_copy, "member_states/SE.yaml",
           "  sources:\n  - Diskrimineringslag (2008:567) (https://lagen.nu/2008:567)", "  sources: []",
           r"SE\.yaml: rejected_applicant_claim_period\.sources: list at least one source")


def test_unknown_claim_period_cannot_be_verified(policy_copy):
    broken(policy_copy, "member_states/SE.yaml", "claim_period:\n  value: unknown\n  verified: false",
           "claim_period:\n  value: unknown\n  verified: 2026-11-29",
           r"SE\.yaml: rejected_applicant_claim_period\.verified: an unknown claim period cannot")


def test_claim_period_the_sweep_uses_must_be_verified(policy_copy):
    broken(policy_copy, "member_states/SE.yaml", "rejected_applicant_claim_period:\n  value: unknown",
           "rejected_applicant_claim_period:\n  value: P2Y",
           r"SE\.yaml: rejected_applicant_claim_period\.verified: a claim period the retention sweep")


def test_claim_period_says_when_it_starts(policy_copy):
    broken(policy_copy, "member_states/AT.yaml", "  starts: rejection", "  starts: whenever",
           r"AT\.yaml: rejected_applicant_claim_period\.starts: must be one of rejection")


def test_claim_period_is_an_iso_period(policy_copy):
    broken(policy_copy, "member_states/AT.yaml", "  value: P6M", "  value: 6 months",
           r"AT\.yaml: rejected_applicant_claim_period\.value: .* ISO-8601")


def test_rejected_candidate_overrides_are_not_written_by_hand(policy_copy):
    broken(policy_copy, "member_states/SE.yaml", "retention_overrides: {}",
           "retention_overrides:\n  rejected_candidate: {period: P1M, citation: x, verified: false,"
           " sources: [x]}",
           r"SE\.yaml: retention_overrides\.rejected_candidate: comes from rejected_applicant_claim")


def test_rejected_candidate_overrides_not_in_retention_yaml(policy_copy):
    broken(policy_copy, "retention.yaml", "    trigger: rejection\n",
           "    trigger: rejection\n    country_overrides:\n"
           "      SE: {period: P1M, citation: x, verified: false, sources: [x]}\n",
           r"retention\.yaml: categories\.rejected_candidate\.country_overrides\.SE: comes from")


def test_partial_adequacy_needs_a_condition_id(policy_copy):
    broken(policy_copy, "third_countries.yaml", "    condition_id: dpf_certified\n", "",
           r"third_countries\.yaml: countries\.US\.condition_id: a partial adequacy decision needs")


def test_adequacy_needs_its_decision_and_dates(policy_copy):
    broken(policy_copy, "third_countries.yaml", "    valid_from: 2026-01-26\n", "",
           r"third_countries\.yaml: countries\.BR\.valid_from: an adequacy decision needs the date")


def test_validity_cannot_end_before_it_starts(policy_copy):
    broken(policy_copy, "third_countries.yaml", "valid_until: 2031-12-27", "valid_until: 2020-01-01",
           r"third_countries\.yaml: countries\.GB\.valid_until: must not be before valid_from")


def test_no_adequacy_has_no_decision(policy_copy):
    broken(policy_copy, "third_countries.yaml", "{name: India, adequacy: none,",
           "{name: India, adequacy: none, decision: made up,",
           r"third_countries\.yaml: countries\.IN\.decision: a destination without adequacy")


def test_international_organisation_is_not_a_country_code(policy_copy):
    broken(policy_copy, "third_countries.yaml", "  EPO:\n", "  EP:\n",
           r"third_countries\.yaml: international_organisations\.EP: must be an upper-case short name")


def test_regional_authority_code_belongs_to_the_state(policy_copy):
    broken(policy_copy, "member_states/DE.yaml", "code: DE-BY", "code: AT-9",
           r"DE\.yaml: supervisory_authority\.regional\[1\]\.code: must be a DE-xx subdivision")

