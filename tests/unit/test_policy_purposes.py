"""Purposes in policies/purposes.yaml: dependencies, objection handling, Art 18(2) exceptions."""

import re
import shutil
from pathlib import Path

import pytest

from compliance.policies import PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture(scope="module")
def purposes():
    return load_policies(POLICY_DIR).purposes


@pytest.fixture
def policy_copy(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_objection_handling_follows_the_basis(purposes):
    for purpose in purposes.values():
        if purpose.direct_marketing:
            assert purpose.objection == "absolute", purpose.id
        elif purpose.lawful_basis in ("e", "f"):
            assert purpose.objection == "balancing", purpose.id
        else:
            assert purpose.objection == "not_applicable", purpose.id


def test_matching_requires_the_talent_pool_and_references_require_cv_sharing(purposes):
    assert purposes["candidate_matching"].requires == ("talent_pool",)
    assert purposes["reference_checks"].requires == ("cv_sharing",)


def test_reference_checks_rest_on_legitimate_interests_with_an_art14_notice(purposes):
    checks = purposes["reference_checks"]
    assert checks.lawful_basis == "f" and not checks.requires_consent and checks.legitimate_interest
    assert checks.third_party_notice == ("referee_privacy", "v1")


def test_only_declared_exceptions_survive_restriction(purposes):
    assert purposes["accounting"].restriction == "legal_claims"
    assert purposes["placement_administration"].restriction == "storage_only"
    assert purposes["talent_pool"].restriction == "subject_consent"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    objection: balancing\n    restriction: storage_only\n    legitimate_interest: >-\n"
     "      Members", "    objection: not_applicable\n    restriction: storage_only\n"
     "    legitimate_interest: >-\n      Members", r"objection: must be balancing: .*Art 21\(1\)"),
    ("    objection: absolute", "    objection: balancing", r"objection: must be absolute: .*21\(2\)"),
    ("requires: [talent_pool]", "requires: [talent_pol]", r"requires\[0\]: unknown purpose talent_pol"),
    ("requires: [talent_pool]", "requires: [candidate_matching]", "cannot require itself"),
    ("requires: [talent_pool]", "requires: [cv_sharing]", "not scoped to a client cannot require"),
    ("    restriction: legal_claims\n    notice: member_privacy/v1\n    data_categories: [identity, "
     "billing", "    restriction: subject_consent\n    notice: member_privacy/v1\n"
     "    data_categories: [identity, billing", "subject_consent needs a purpose resting on consent"),
    ("third_party_notice: referee_privacy/v1", "third_party_notice: referee_privacy/v9",
     r"third_party_notice: notices/referee_privacy/v9\.md: file not found"),
    ("    objection: balancing\n    restriction: storage_only\n    legitimate_interest: >-\n"
     "      Managing", "    objection: balancing\n    restriction: whenever\n    legitimate_interest: >-\n"
     "      Managing", "restriction: must be one of storage_only"),
])
def test_broken_purposes_name_file_and_field(policy_copy, old, new, message):
    edit(policy_copy / "purposes.yaml", old, new)
    with pytest.raises(PolicyError, match=r"purposes\.yaml: purposes\[\d+\]\.") as error:
        load_policies(policy_copy)
    assert re.search(message, str(error.value)), str(error.value)


def test_a_circle_of_requirements_is_refused(policy_copy):
    edit(policy_copy / "purposes.yaml", "    restriction: subject_consent\n    notice: talent_pool/v1",
         "    requires: [job_alerts]\n    restriction: subject_consent\n    notice: talent_pool/v1")
    edit(policy_copy / "purposes.yaml", "    restriction: subject_consent\n    notice: job_alerts/v1",
         "    requires: [talent_pool]\n    restriction: subject_consent\n    notice: job_alerts/v1")
    with pytest.raises(PolicyError, match="circular requirement"):
        load_policies(policy_copy)
