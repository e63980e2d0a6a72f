"""The real policy data under policies/ and the loader's validation of broken copies."""

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from compliance.policies import Period, PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"

# European Commission SWD(2020)115 p.17; IS, NO national acts; SI secondary sources; LI the GDPR
# default of 16 (no lower age found). All unverified until those sources are read again.
ART8_AGES = {
    **dict.fromkeys(["BE", "DK", "EE", "FI", "LV", "MT", "PT", "SE", "IS", "NO"], 13),
    **dict.fromkeys(["AT", "BG", "CY", "IT", "LT", "ES"], 14),
    **dict.fromkeys(["CZ", "FR", "EL", "SI"], 15),
    **dict.fromkeys(["HR", "DE", "HU", "IE", "LU", "NL", "PL", "RO", "SK"], 16),
    "LI": 16,
}


@pytest.fixture(scope="module")
def policies():
    return load_policies(POLICY_DIR)


@pytest.fixture
def policy_copy(tmp_path):
    """A writable copy of policies/ to break on purpose."""
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def all_facts(policies):
    for state in policies.member_states.values():
        yield from (
            state.supervisory_authority,
            state.age_of_digital_consent,
            state.placement_requirement,
            state.temporary_work_agency,
            *state.retention_overrides.values(),
        )
    yield from policies.third_countries.values()
    yield from policies.international_organisations.values()


def test_thirty_eea_states(policies):
    assert len(policies.member_states) == 30
    assert {"IS", "LI", "NO", "EL"} <= set(policies.member_states)
    assert "GR" not in policies.member_states


def test_greece_accepts_gr_alias(policies):
    assert policies.member_state("GR") is policies.member_state("EL")
    assert policies.is_eea("gr")
    with pytest.raises(KeyError):
        policies.member_state("CH")


def test_eea_is_not_switzerland(policies):
    assert policies.is_eea("NO")
    assert not policies.is_eea("CH")
    assert {"CH", "GB", "DE", "EL"} <= policies.known_country_codes()


@pytest.mark.parametrize(("code", "age"), sorted(ART8_AGES.items()))
def test_art8_age_matches_reference(policies, code, age):
    assert policies.member_state(code).age_of_digital_consent.value == age


@pytest.mark.parametrize("code", ["SI", "LI"])
def test_unconfirmed_ages_are_unverified(policies, code):
    assert policies.member_state(code).age_of_digital_consent.verified is False


def test_every_fact_has_sources(policies):
    for fact in all_facts(policies):
        assert fact.sources, fact
        assert all(isinstance(source, str) and source for source in fact.sources)


def test_unknown_requirements_are_unverified(policies):
    for state in policies.member_states.values():
        for requirement in (state.placement_requirement, state.temporary_work_agency):
            if requirement.value == "unknown":
                assert requirement.verified is False, state.code


def test_placement_gaps_stay_unknown(policies):
    for code in ["HR", "DK", "FI", "SE", "LT", "LU", "IS", "LI", "NO"]:
        assert policies.member_state(code).placement_requirement.value == "unknown"
    assert policies.member_state("AT").placement_requirement.legal_reference == "§151a GewO"
    assert policies.member_state("RO").placement_requirement.verified is False


def test_us_adequacy_is_partial_with_dpf_condition(policies):
    us = policies.third_countries["US"]
    assert us.adequacy == "partial"
    assert "Data Privacy Framework" in us.condition


def test_canada_partial_and_no_adequacy_for_india(policies):
    assert "PIPEDA" in policies.third_countries["CA"].condition
    assert policies.third_countries["IN"].adequacy == "none"
    assert policies.third_countries["GB"].adequacy == "full"


def test_rejected_candidate_override_for_germany(policies):
    # AGG §15(4): 2 months to claim in writing, then ArbGG §61b(1): 3 months to sue
    period, citation = policies.retention_period("rejected_candidate", "DE")
    assert period == Period(months=5)
    assert "AGG §15(4)" in citation and "ArbGG §61b(1)" in citation


def test_rejected_candidate_default_without_override(policies):
    period, _ = policies.retention_period("rejected_candidate", "SE")
    assert period == Period(months=6)
    assert policies.retention_period("rejected_candidate", "AT")[0] == Period(months=6)


def test_notice_hash_is_sha256_of_file_bytes(policies):
    assert policies.notices
    for (notice_id, version), notice in policies.notices.items():
        data = (POLICY_DIR / "notices" / notice_id / f"{version}.md").read_bytes()
        assert notice.sha256 == hashlib.sha256(data).hexdigest()


def test_consent_purposes_have_validity_and_notice(policies):
    for purpose in policies.purposes.values():
        assert policies.notice(purpose.notice_id, purpose.notice_version)
        assert (purpose.consent_validity is not None) == purpose.requires_consent
    assert policies.purposes["cv_sharing"].scoped_to_client
    assert policies.purposes["candidate_matching"].lawful_basis == "f"


def test_activities_derive_lawful_bases(policies):
    sourcing = next(a for a in policies.processing_activities if a.id == "candidate_sourcing")
    assert sourcing.lawful_bases == ("a", "f")
    assert sourcing.legitimate_interests


def test_version_has_retention_version_and_digest(policies):
    version, _, digest = policies.version.partition("+")
    assert version == "2026.1"
    assert len(digest) == 8


def test_loading_is_cached_per_directory(policies):
    assert load_policies(str(POLICY_DIR)) is policies


def test_mappings_are_read_only(policies):
    with pytest.raises(TypeError):
        policies.member_states["XX"] = None


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("P1M", dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
        ("P1M", dt.date(2023, 1, 31), dt.date(2023, 2, 28)),
        ("P2Y", dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
        ("P1Y1M1D", dt.date(2024, 1, 1), dt.date(2025, 2, 2)),
    ],
)
def test_period_adds_months_with_clamping(text, start, expected):
    assert Period.parse(text).add_to(start) == expected


@pytest.mark.parametrize("text", ["P", "4M", "P1.5Y", "PT4H", ""])
def test_period_rejects_non_calendar_durations(text):
    with pytest.raises(ValueError, match="ISO-8601"):
        Period.parse(text)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_lawful_basis_names_file_and_field(policy_copy):
    replace_in(policy_copy / "purposes.yaml", "lawful_basis: b", "lawful_basis: g")
    with pytest.raises(PolicyError) as error:
        load_policies(policy_copy)
    message = str(error.value)
    assert message.startswith("policies/purposes.yaml: purposes[")
    assert "].lawful_basis: must be one of a, b, c, d, e, f" in message


def test_bad_iso_duration_names_file_and_field(policy_copy):
    replace_in(policy_copy / "retention.yaml", "period: P24M", "period: 24 months")
    expected = r"retention\.yaml: categories\.candidate_profile\.period"
    with pytest.raises(PolicyError, match=expected):
        load_policies(policy_copy)


def test_missing_notice_file(policy_copy):
    (policy_copy / "notices" / "talent_pool" / "v1.md").unlink()
    with pytest.raises(PolicyError, match=r"purposes\.yaml: purposes\[0\]\.notice: .*not found"):
        load_policies(policy_copy)


def test_unknown_purpose_in_activity(policy_copy):
    replace_in(policy_copy / "processing_activities.yaml", "[talent_pool, ", "[talent_poool, ")
    with pytest.raises(PolicyError, match=r"activities\[0\]\.purposes\[0\]: unknown purpose"):
        load_policies(policy_copy)


def test_missing_member_state_file(policy_copy):
    (policy_copy / "member_states" / "LI.yaml").unlink()
    with pytest.raises(PolicyError, match=r"member_states/LI\.yaml: file not found"):
        load_policies(policy_copy)


def test_verified_unknown_is_rejected(policy_copy):
    replace_in(policy_copy / "member_states" / "LI.yaml",
               "  note: Not found in research.\n  verified: false",
               "  note: Not found in research.\n  verified: 2026-11-01")
    expected = r"LI\.yaml: placement_requirement\.verified: an unknown requirement cannot be verified"
    with pytest.raises(PolicyError, match=expected):
        load_policies(policy_copy)
