"""The policies loaded for the running app (see compliance.policies for the objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from compliance.policies import Policies

EXTENSION_KEY = "compliance.policies"


def current_policies() -> Policies:
    return current_app.extensions[EXTENSION_KEY]
