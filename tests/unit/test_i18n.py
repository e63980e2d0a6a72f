"""The message catalogues: every message extracted from the code has a translation in every
language, and each committed .mo is the compiled form of its .po (so a fresh clone needs no build)."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from compliance.i18n import LANGUAGES, TRANSLATIONS, language_for

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def extracted() -> set[str]:
    method_map = [("compliance/**.py", "python"), ("compliance/requests/letters/**.txt", "jinja2"),
                  ("compliance/**/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "N_": None}
    return {message for _, _, message, _, _ in extract_from_dir(ROOT, method_map, keywords=keywords)
            if isinstance(message, str)}


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code):
    messages = extracted()
    assert messages, "nothing extracted: the extraction itself is broken"
    translated = {m.id: m.string for m in catalogue(code) if m.id}
    missing = sorted(m for m in messages if not translated.get(m))
    assert missing == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(code):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(code))
    assert (TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo").read_bytes() == compiled.getvalue()


@pytest.mark.parametrize(("country", "preferred", "language"), [
    ("EE", None, "et"), ("AT", None, "de"), ("LU", None, "fr"), ("FI", None, "en"),
    ("FI", "de", "de"), ("EE", "sv", "et")])
def test_the_language_to_write_in(country, preferred, language):
    assert language_for(country, preferred) == language
