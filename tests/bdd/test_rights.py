"""Steps for features/rights: purposes that require others."""

from pytest_bdd import given, parsers, scenarios, then, when

from compliance.audit.services import CLI_ACTOR
from compliance.consent import renewal
from compliance.consent.services import can_process, record_consent
from compliance.timeutil import controller_today

scenarios("rights/purposes.feature")


def _consent(subject_id, purpose, action, scope=None):
    record_consent(CLI_ACTOR, subject_id, {"purpose": purpose, "action": action, "channel": "api",
                                           "scope": scope})


@given(parsers.parse('a candidate "{name}" who joined the talent pool'))
def in_pool(context, make_subject, name):
    context["subject"] = make_subject(name=name)
    _consent(context["subject"].id, "talent_pool", "grant")


@given(parsers.parse('a candidate "{name}" who let her CV go to "{client}"'))
def cv_shared(context, make_subject, name, client):
    context["subject"] = make_subject(name=name)
    _consent(context["subject"].id, "cv_sharing", "grant", client)


@when(parsers.parse("her talent-pool consent is {change}"))
def change_consent(context, change):
    if change == "withdrawn":
        _consent(context["subject"].id, "talent_pool", "withdraw")
    elif change == "expired":
        renewal.expire_consents(on=controller_today().replace(year=controller_today().year + 3))


@then(parsers.parse('processing for "{purpose}" is {verdict}'))
def verdict_for(context, purpose, verdict):
    context["verdict"] = can_process(context["subject"].id, purpose)
    assert context["verdict"].allowed is (verdict == "allowed"), context["verdict"].message


@then(parsers.parse('processing for "{purpose}" with client "{client}" is {verdict}'))
def verdict_for_client(context, purpose, client, verdict):
    context["verdict"] = can_process(context["subject"].id, purpose, client)
    assert context["verdict"].allowed is (verdict == "allowed"), context["verdict"].message


@then(parsers.parse('the reason given is "{reason}"'))
def reason_given(context, reason):
    assert context["verdict"].reason == (None if reason == "none" else reason)
    assert context["verdict"].message
