"""What the API accepts as a request body, checked once before any handler runs.

- A body must be JSON (``application/json`` or ``application/*+json``): anything else is 415,
  never read as a missing body.
- It must be valid UTF-8 JSON, nested at most ``JSON_MAX_DEPTH`` levels: a deeper one is 400
  (Python's parser and every recursive walk after it would otherwise overflow the stack).
Bodies over ``MAX_CONTENT_LENGTH`` are 413 (Werkzeug). The schemas then apply the input policy.
"""

from __future__ import annotations

import json

from flask import Flask, current_app, request
from flask_smorest import abort

from compliance.api_errors import API_PREFIX

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def init_app(app: Flask) -> None:
    app.before_request(check_api_body)


def check_api_body() -> None:
    if request.method not in BODY_METHODS or not request.path.startswith(API_PREFIX):
        return
    raw = request.get_data(cache=True)  # 413 beyond MAX_CONTENT_LENGTH
    if not raw:
        return
    if not request.is_json:
        abort(415, message="Send the body as JSON (Content-Type: application/json).",
              errors={"_schema": [f"Unsupported content type: {request.mimetype or 'none'}."]})
    limit = current_app.config["JSON_MAX_DEPTH"]
    try:
        body = json.loads(raw.decode("utf-8"))
    except RecursionError:
        _too_deep(limit)
    except (UnicodeDecodeError, ValueError):
        abort(400, message="The body is not valid JSON.", errors={"_schema": ["Invalid JSON body."]})
    if json_depth(body) > limit:
        _too_deep(limit)


def _too_deep(limit: int) -> None:
    abort(400, message=f"The JSON body is nested more than {limit} levels deep.",
          errors={"_schema": [f"Nested more than {limit} levels deep."]})


def json_depth(value: object) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest
