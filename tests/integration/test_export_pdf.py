"""PDF exports (CLI, API, dashboard) opened again with pypdf: the RoPA laid out for reading, registers as
tables with the same rows, the same personal data and the same About facts as the workbook."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from compliance.audit.services import checkpoint_log, list_events
from compliance.config import current_controller
from compliance.consent.models import ConsentEvent
from compliance.extensions import db
from compliance.keystore.services import shred_key
from compliance.policy_context import current_policies
from compliance.reports import services
from compliance.subjects.models import Subject
from exports import LAYOUTS
from exports.pdf_ropa import ARTICLE_30
from exports.verify import read_about
from tests.integration.web_support import web_client_factory

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_SPACE = re.compile(r"\s+")


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def consent(subject_id) -> None:
    db.session.add(ConsentEvent(
        id=uuid.uuid4(), subject_id=subject_id, purpose="talent_pool", action="given", occurred_at=WHEN,
        channel="web", collected_by="user:test", notice_id="talent_pool", notice_version="v1",
        notice_sha256="ab" * 32, policy_version="2026.1", scope_key=""))


@pytest.fixture
def consents(app, make_subject):
    """Consents of subjects named in four scripts, one restricted and one erased subject."""
    names = ["Paweł Łukasiewicz", "Ελένη Παπαδοπούλου", "Иван Петров", "Rita Restricted", "Erik Erased"]
    subjects = {name: make_subject(name=name) for name in names}
    for subject in subjects.values():
        consent(subject.id)
    db.session.get(Subject, subjects["Rita Restricted"].id).status = "restricted"
    shred_key(subjects["Erik Erased"].id)
    db.session.get(Subject, subjects["Erik Erased"].id).status = "erased"
    db.session.commit()
    return subjects


def test_cli_writes_the_ropa_as_a_document_to_read(runner, make_subject, tmp_path):
    make_subject()  # an audit trail to sign a checkpoint of
    target = tmp_path / "ropa.pdf"
    result = runner.invoke(args=["export", "ropa", "--format", "pdf", "--output", str(target)])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(target.read_bytes())
    controller = current_controller()
    assert controller.name in pages[0] and controller.dpo_contact in pages[0]
    assert "Data protection officer" in pages[0] and "Art 30(1)(a)" in pages[0]
    text = "\n".join(pages)
    blocks = text.split("Activity ")[1:]
    activities = len(current_policies().processing_activities)
    assert len(blocks) == activities > 0
    for block in blocks:
        positions = [block.find(item) for item, _ in ARTICLE_30]
        assert -1 not in positions and positions == sorted(positions), "Art 30(1)(a)-(g) out of order"
    assert len(pages) <= 2 + 2 * activities
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page and LAYOUTS["ropa"].title in page
    checkpoint = checkpoint_log().latest()
    about = pages[-1]
    assert "About this document" in about and squeezed(checkpoint.printable()) in squeezed(about)
    [event] = list_events({"action": "export.generated"}, 1, 5)[0]
    assert event.details["format"] == "pdf" and event.details["workbook"] == "ropa"


def test_the_pdf_states_the_data_hashes_of_the_workbook_of_the_same_rows(runner, tmp_path):
    for fmt in ("xlsx", "pdf"):
        result = runner.invoke(args=["export", "ropa", "--output", str(tmp_path / f"ropa.{fmt}")])
        assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_path / "ropa.xlsx")
    stated = read_about(workbook).sheets
    workbook.close()
    about = squeezed(pdf_pages((tmp_path / "ropa.pdf").read_bytes())[-1])
    for name, result in stated.items():
        assert squeezed(f"{name} {result.row_count} {result.data_hash}") in about


def test_api_pdf_of_a_register_holds_what_the_workbook_holds_and_no_more(api_as, consents):
    auditor = api_as("auditor")
    xlsx = auditor.get("/api/v1/exports/consent-register.xlsx")
    pdf = auditor.get("/api/v1/exports/consent-register.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert re.search(r"filename=consent-register-\d{4}-\d\d-\d\d\.pdf", pdf.headers["Content-Disposition"])
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    cells = [value for row in workbook["Consent events"].iter_rows(min_row=2, values_only=True)
             for value in row if isinstance(value, str)]
    workbook.close()
    printed = squeezed("".join(pdf_pages(pdf.data)))
    missing = [cell for cell in cells if squeezed(cell) not in printed]
    assert not missing, missing
    names = {name for name in consents if name in cells}
    assert "Paweł Łukasiewicz" in names and "Иван Петров" in names  # every EU script prints as written
    for name in set(consents) - names:  # what the workbook leaves out (erased), the PDF leaves out too
        assert squeezed(name) not in printed
    xlsx.close()
    pdf.close()


def test_a_pdf_too_large_for_one_document_is_refused_with_the_way_out(api_as, consents, monkeypatch):
    monkeypatch.setattr(services, "MAX_PDF_ROWS", 2)
    response = api_as("dpo").get("/api/v1/exports/consent-register.pdf")
    assert response.status_code == 422
    assert "xlsx" in response.json["errors"]["format"][0]
    assert list_events({"action": "export.generated"}, 1, 5)[0] == []


def test_the_export_list_names_the_pdf_of_every_workbook(api_as):
    items = api_as("auditor").get("/api/v1/exports").json["items"]
    assert {item["pdf_url"] for item in items} == {f"/api/v1/exports/{name}.pdf" for name in LAYOUTS}


def test_the_dashboard_downloads_the_pdf_chosen_on_the_form(app_factory, make_user):
    client = web_client_factory(app_factory, make_user)("dpo")
    assert 'value="pdf"' in client.get("/exports").get_data(as_text=True)
    response = client.post("/exports/dsr-register", data={"dsr-register-format": "pdf"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert re.search(r"filename=dsr-register-\d{4}-\d\d-\d\d\.pdf", response.headers["Content-Disposition"])
    assert "Register of data subject requests" in pdf_pages(response.data)[0]
    response.close()
    refused = client.post("/exports/dsr-register", data={"dsr-register-format": "docx"})
    assert refused.status_code == 422
