"""The controller's identity is configuration only (compliance/config.py): the record of
processing, every workbook's About sheet, answer packages, breaches and the request clock read it
there, and nothing else states it."""

import io
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml

from compliance.audit.services import CLI_ACTOR
from compliance.breaches.services import default_authority, report_breach
from compliance.config import controller_from, defaults
from compliance.policies import PolicyError
from compliance.reports.filters import ExportFilters
from compliance.reports.services import export_workbook
from compliance.requests.clock import due_date_for

ROOT = Path(__file__).resolve().parents[2]
MUSTER = {"CONTROLLER_NAME": "Muster Vermittlung GmbH", "CONTROLLER_REGISTRY_CODE": "FN 123456a",
          "CONTROLLER_ADDRESS": "Wien, Österreich", "CONTROLLER_COUNTRY": "AT",
          "CONTROLLER_DPO_NAME": "Dr. Datenschutz", "CONTROLLER_DPO_CONTACT": "dsb@muster.example",
          "TIMEZONE": "Europe/Vienna"}


def test_the_defaults_name_the_platform():
    controller = controller_from(defaults())
    assert (controller.name, controller.registry_code, controller.country) == (
        "SkillSeek OÜ", "16746587", "EE")
    assert controller.representative is None


def test_every_report_names_the_configured_controller(app_factory, tmp_path):
    policies = tmp_path / "policies"  # an Austrian controller's lead authority is Austria's
    shutil.copytree(ROOT / "policies", policies)
    lead = policies / "lead_authority.yaml"
    lead.write_text(lead.read_text().replace("main_establishment: EE", "main_establishment: AT"))
    app = app_factory(**MUSTER, POLICIES_DIR=str(policies))
    with app.app_context():
        buffer = io.BytesIO()
        export_workbook(CLI_ACTOR, "ropa", buffer, ExportFilters())
        workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        first, _, dpo = workbook["Controller"].iter_rows(min_row=2, max_row=4, values_only=True)
        assert first[:6] == ("Controller", "Muster Vermittlung GmbH", "FN 123456a", "Wien, Österreich",
                             "AT", "dsb@muster.example")
        assert dpo[1] == "Dr. Datenschutz"
        about = [c for row in workbook["About"].iter_rows(values_only=True) for c in row if c]
        assert "Muster Vermittlung GmbH" in about and "SkillSeek OÜ" not in about
        assert report_breach(CLI_ACTOR, {"aware_at": datetime(2026, 3, 2, tzinfo=UTC),
                                         "nature": "test"}).dpo_contact == "dsb@muster.example"
        assert "Datenschutzbehörde" in default_authority()
        # 1 Nov 2027 is All Saints' Day in Austria (not in Estonia): the clock follows the config.
        assert due_date_for(datetime(2027, 10, 1, 10, tzinfo=UTC)).isoformat() == "2027-11-02"


@pytest.mark.parametrize("country", ["IE", "US"])
def test_lead_authority_is_the_controllers_country(app_factory, country):
    """Moved from the policy loader: the country is configuration now, checked at start."""
    with pytest.raises(PolicyError, match=r"lead_authority\.yaml: main_establishment: must be the "
                                          rf"controller's country.*\({country}\)"):
        app_factory(CONTROLLER_COUNTRY=country)


def test_nothing_but_the_configuration_states_the_identity():
    policy = yaml.safe_load((ROOT / "policies" / "processing_activities.yaml").read_text())
    assert "controller" not in policy
    settings = re.compile(r"CONTROLLER_(NAME|REGISTRY_CODE|ADDRESS|DPO_NAME|DPO_CONTACT|REPRESENTATIVE)")
    readers = [str(p.relative_to(ROOT)) for p in (ROOT / "compliance").rglob("*.py")
               if settings.search(p.read_text(encoding="utf-8"))]
    assert readers == ["compliance/config.py"]
    clock_rules = (ROOT / "compliance" / "requests" / "rules.py").read_text()
    assert "Europe/Tallinn" not in clock_rules and '"EE"' not in clock_rules
