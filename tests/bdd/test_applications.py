"""Step definitions for features/applications/*.feature (the pure outcome rules)."""

from datetime import date, timedelta

from pytest_bdd import given, parsers, scenarios, then, when

from compliance.applications.rules import check_outcome
from compliance.errors import Conflict, ValidationFailed

scenarios("applications/outcomes.feature")

TODAY = date(2026, 11, 29)


@given(parsers.parse('an application that is "{status}", made {days:d} days ago'))
def application(context, status, days):
    context.update(status=status, applied_on=TODAY - timedelta(days=days))


@when(parsers.parse('its outcome is recorded as "{outcome}" {days:d} days ago with stage "{stage}"'))
def record(context, outcome, days, stage):
    try:
        check_outcome(context["status"], outcome, TODAY - timedelta(days=days), context["applied_on"],
                      TODAY, None if stage == "-" else stage)
        context["result"] = "recorded"
    except Conflict:
        context["result"] = "conflict"
    except ValidationFailed as refused:
        context["result"] = refused


@then("the outcome is recorded")
def recorded(context):
    assert context["result"] == "recorded"


@then(parsers.parse('the outcome is refused: "{field}" {why}'))
def refused(context, field, why):
    assert isinstance(context["result"], ValidationFailed), context["result"]
    assert list(context["result"].errors) == [field]


@then("the outcome is a conflict: the outcome is final")
def conflict(context):
    assert context["result"] == "conflict"
