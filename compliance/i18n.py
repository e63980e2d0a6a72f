"""Languages: Flask-Babel message catalogues (compliance/translations/<lang>/LC_MESSAGES/messages.po,
compiled to .mo and committed, so a fresh clone needs no build step; tests/unit/test_i18n.py
checks that every .mo matches its .po and that every message has a translation).

Reusable by any page or text: ``gettext``/``_`` from flask_babel in Python, ``{{ _("...") }}`` and
``{% trans %}`` in Jinja; ``in_language(code)`` renders in one language (letters to a person).
Re-extract after adding messages: ``pybabel extract -F babel.cfg -k N_ -o messages.pot .``, then
``pybabel update -i messages.pot -d compliance/translations``, translate, and
``pybabel compile -d compliance/translations``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, has_request_context, request
from flask_babel import Babel, force_locale

TRANSLATIONS = Path(__file__).parent / "translations"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "de", "fr", "et")
# The language to write to a person in when nothing better is known: the main language of their
# country of residence, where we have it; English otherwise.
COUNTRY_LANGUAGES = {"EE": "et", "DE": "de", "AT": "de", "LI": "de", "FR": "fr", "LU": "fr", "MC": "fr"}

babel = Babel()


def init_app(app: Flask) -> None:
    babel.init_app(app, default_locale=DEFAULT_LANGUAGE, default_translation_directories=str(TRANSLATIONS),
                   locale_selector=_request_language)


def _request_language() -> str:
    if has_request_context():
        return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def language_for(country: str | None, preferred: str | None = None) -> str:
    """The language to write in: the one asked for if we have it, else the country's, else English."""
    if preferred in LANGUAGES:
        return preferred
    return COUNTRY_LANGUAGES.get((country or "").upper(), DEFAULT_LANGUAGE)


@contextlib.contextmanager
def in_language(code: str) -> Iterator[None]:
    """Render the block's messages in ``code`` (one of LANGUAGES)."""
    if code not in LANGUAGES:
        raise ValueError(f"no catalogue for language {code!r}")
    with force_locale(code):
        yield


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks a message for extraction where it is defined; ``gettext`` translates it when used."""
    return message
