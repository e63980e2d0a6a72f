"""Steps for features/rights: purposes that require others; portability."""

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook
from pytest_bdd import given, parsers, scenarios, then, when

from compliance.audit.services import CLI_ACTOR
from compliance.consent import renewal
from compliance.consent.services import can_process, record_consent
from compliance.errors import ProcessingRefused
from compliance.placements.services import create_placement
from compliance.requests import services
from compliance.requests.fulfilment import package_content
from compliance.timeutil import controller_today

scenarios("rights/purposes.feature", "rights/portability.feature")


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


# --- portability -----------------------------------------------------------------------------
@given("a candidate who joined the talent pool")
def pool_candidate(context, make_subject):
    context["subject"] = make_subject(name="Mari Tamm", email="mari@example.com")
    _consent(context["subject"].id, "talent_pool", "grant")


@given("a candidate who was placed with a client and gave no consent")
def placed_without_consent(context, make_subject):
    context["subject"] = make_subject(name="Jaan Ilves")
    member = make_subject(kind="member", membership_start=date.today() - timedelta(days=400))
    create_placement(CLI_ACTOR, {
        "member_id": member.id, "candidate_id": context["subject"].id, "client_name": "Nordic Tech",
        "client_country": "FI", "work_country": "FI", "placement_type": "permanent",
        "start_date": date.today() - timedelta(days=20), "fee": "12000.00", "currency": "EUR",
        "role_title": "Engineer"})


@given("a member who holds a membership")
def member(context, make_subject):
    context["subject"] = make_subject(kind="member", name="Kalle Kuusk",
                                      membership_start=date.today() - timedelta(days=100))


@given("a candidate who withdrew her talent-pool consent and has no contract")
def withdrawn(context, make_subject):
    pool_candidate(context, make_subject)
    _consent(context["subject"].id, "talent_pool", "withdraw")


@given("the DPO answered the portability request")
@when("the DPO answers the portability request")
def answer_portability(context):
    request = services.submit_request(CLI_ACTOR, {"type": "portability", "subject_id": context["subject"].id})
    services.verify_identity(CLI_ACTOR, request.id, "id_document")
    context["request_id"] = request.id
    try:
        context["outcome"] = services.complete_request(CLI_ACTOR, request.id).outcome
    except ProcessingRefused as refused:
        context["refused"] = refused


def _package(context, fmt):
    _, row = services.find_package(CLI_ACTOR, context["request_id"], fmt)
    return package_content(row)


@then(parsers.parse("the package holds the sections {sections}"))
def holds_sections(context, sections):
    expected = sorted(s.strip() for s in sections.split(","))
    archive = zipfile.ZipFile(io.BytesIO(_package(context, "zip")))
    data = json.loads(archive.read("data.json"))
    assert sorted(data["data"]) == expected
    assert sorted(archive.namelist()) == sorted(["data.json", *(f"{s}.csv" for s in expected)])
    for section in expected:
        csv_text = archive.read(f"{section}.csv").decode()
        assert set(csv_text.splitlines()[0].split(",")) == set(data["data"][section][0])
    context["data"] = data


@then("it never holds the request history, fees, contract law or the Art 15 information")
def never_holds(context):
    text = json.dumps(context["data"]["data"])
    for word in ("requests", "fee", "currency", "contract_law", "recipients", "art15", "consents"):
        assert f'"{word}' not in text
    bases = {b["lawful_basis"] for b in context["data"]["basis"]}
    assert bases and bases <= {"GDPR Art 6(1)(a)", "GDPR Art 6(1)(b)"}


@then("the workbook has the same sections")
def workbook_sections(context):
    book = load_workbook(io.BytesIO(_package(context, "xlsx")), read_only=True)
    sheets = {name.lower() for name in book.sheetnames} - {"about"}
    assert sheets == set(context["data"]["data"])


@then(parsers.parse('the answer is refused with the ground "{ground}"'))
def refused_with(context, ground):
    assert context["refused"].reason == ground


@when(parsers.parse('the DPO records that the package went to "{recipient}" by secure e-mail'))
def transmit(context, recipient):
    context["recipient"] = recipient
    context["sent_at"] = datetime.now(UTC).replace(microsecond=0)
    context["transmission"] = services.record_transmission(CLI_ACTOR, context["request_id"], {
        "recipient": recipient, "method": "secure_email", "transmitted_at": context["sent_at"]})


@then("the transmission names the package's SHA-256, the method and when it was sent")
def transmission_recorded(context):
    sent = context["transmission"]
    assert sent["sha256"] == context["outcome"]["package"]["zip"]["sha256"]
    assert sent["method"] == "secure_email" and sent["transmitted_at"] == context["sent_at"]


@then("the recipient's name is stored only encrypted")
def recipient_encrypted(context, raw_sql):
    blob = raw_sql("SELECT recipient_ciphertext FROM package_transmissions").scalar_one()
    assert blob and context["recipient"].encode() not in bytes(blob)
