"""Steps for features/exports: every workbook verifiable, formulas neutralised, access."""

import io

import openpyxl
from pytest_bdd import given, parsers, scenarios, then, when

from compliance.audit.models import AuditEvent
from compliance.audit.services import CLI_ACTOR
from compliance.breaches.services import report_breach
from compliance.extensions import db
from compliance.timeutil import utcnow
from exports import LAYOUTS
from exports.verify import read_about, verify_workbook

scenarios("exports/regulator_workbooks.feature")


@given("breaches are on the register")
def some_breaches(app):
    for nature in ("Lost laptop", "Wrong recipient"):
        report_breach(CLI_ACTOR, {"aware_at": utcnow(), "nature": nature})


@given(parsers.parse('a breach whose nature reads "{text}"'))
def breach_with_nature(app, text):
    report_breach(CLI_ACTOR, {"aware_at": utcnow(), "nature": text})


@when(parsers.parse('an "{role}" exports "{workbook}"'))
def export(api_as, context, role, workbook):
    response = api_as(role).get(f"/api/v1/exports/{workbook}.xlsx")
    assert response.status_code == 200
    context.update(name=workbook, data=response.data)
    response.close()


@when(parsers.parse('an "{role}" asks for the export "{workbook}"'), target_fixture="response")
def ask_for_export(api_as, role, workbook):
    response = api_as(role).get(f"/api/v1/exports/{workbook}.xlsx")
    response.close()
    return response


@then("the workbook opens with an About sheet first")
def about_first(context):
    workbook = openpyxl.load_workbook(io.BytesIO(context["data"]))
    assert workbook.sheetnames[0] == "About"
    context["about"] = read_about(workbook)


@then("every data sheet's headers, row count and hash match the About sheet")
def verifies(context):
    assert verify_workbook(io.BytesIO(context["data"]), LAYOUTS[context["name"]]) == []


@then("the audit trail records the export with its data hashes")
def audited(context):
    event = db.session.query(AuditEvent).filter_by(action="export.generated").one()
    assert event.object_id == context["name"]
    stated = {name: sheet.data_hash for name, sheet in context["about"].sheets.items()}
    assert event.details["data_hashes"] == stated


@then(parsers.parse('the nature cell reads "{cell}"'))
def nature_cell(context, cell):
    sheet = openpyxl.load_workbook(io.BytesIO(context["data"]))["Breaches"]
    assert sheet["E2"].value == cell


@then(parsers.parse("the answer is {status:d}"))
def answer_is(response, status):
    assert response.status_code == status
