"""The OpenAPI document, finished so that a generated client uses it as it is.

FastAPI writes `/api/v1/openapi.json` from the routes and the pydantic models; the
TypeScript client of the dashboard is generated from it (openapi-typescript +
openapi-fetch, see docs/api.md). `install_openapi` finishes the document in three ways:

- It adds the schemas FastAPI cannot take from a route: `LiveEvent` (each message of the SSE
  route's `text/event-stream`) with its event types, SSE's `ReplayGap`, and the WebSocket
  protocol (`WebSocketClientMessage`, `WebSocketServerMessage`).
- Request bodies: a property a client may leave out carries no `default` keyword; its
  default is written in its description instead. openapi-typescript (with its default
  `defaultNonNullable`, as several generators) types every property that has a `default`
  as always present: right for answers, wrong for requests, where a client would have to
  send every option of a new session.
- JSON answers: every property is required. FastAPI sends every field of a response model
  (no route excludes unset, default or None fields), so each is present, `null` or not;
  pydantic's serialization schema leaves the fields that have a default optional.

`openapi_issues` lists what would break those rules; the tests assert it finds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from fastapi import FastAPI
from pydantic import TypeAdapter

from f2l.services.live_events import LiveEvent, ReplayGap, WebSocketClientMessage, WebSocketServerMessage

__all__ = ["install_openapi", "openapi_issues"]

REF_PREFIX: Final = "#/components/schemas/"
EXTRA_TYPES: Final[tuple[Any, ...]] = (LiveEvent, WebSocketClientMessage, WebSocketServerMessage, ReplayGap)
FASTAPI_OWN: Final = frozenset({"HTTPValidationError", "ValidationError"})
"""FastAPI's own error schemas, written by hand: their optional fields are really optional."""


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` (and `/api/v1/openapi.json`) answer the finished document."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()  # FastAPI caches it in app.openapi_schema: finished in place, once
            _finish(spec)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _finish(spec: dict[str, Any]) -> None:
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    _add_models(schemas)
    requests, answers, json_answers = _uses(spec)
    for name in sorted(requests - answers):
        _defaults_to_descriptions(schemas[name])
    for name in sorted(json_answers - requests - FASTAPI_OWN):
        _all_required(schemas[name])


def _add_models(schemas: dict[str, Any]) -> None:
    """The schemas of the types no route carries, with those they refer to."""
    inputs = [(kind, "serialization", TypeAdapter(kind)) for kind in EXTRA_TYPES]
    _, top = TypeAdapter.json_schemas(inputs, ref_template=REF_PREFIX + "{model}")  # type: ignore[arg-type]
    for name, schema in top.get("$defs", {}).items():
        present = schemas.get(name)
        if present is not None and present != schema:
            raise RuntimeError(f"two different schemas are named {name!r} in the OpenAPI document")
        schemas[name] = schema


def _uses(spec: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    """The component names request bodies use, answers use, and JSON answers use (with what they refer to)."""
    requests: set[str] = set()
    answers: set[str] = set()
    json_answers: set[str] = set()
    for operation in _operations(spec):
        requests |= _refs(operation.get("requestBody", {}))
        for response in operation.get("responses", {}).values():
            answers |= _refs(response)
            json_answers |= _refs(response.get("content", {}).get("application/json", {}))
    schemas = spec["components"]["schemas"]
    return _closure(requests, schemas), _closure(answers, schemas), _closure(json_answers, schemas)


def _operations(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch", "options", "head", "trace"):
                yield operation


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                found.add(ref.removeprefix(REF_PREFIX))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _closure(names: Iterable[str], schemas: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            todo.extend(_refs(schemas[name]))
    return seen


def _defaults_to_descriptions(schema: dict[str, Any]) -> None:
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        if name in required or not isinstance(prop, dict) or "default" not in prop:
            continue
        default = prop.pop("default")
        said = f"Default: `{json.dumps(default, ensure_ascii=False)}`."
        description = prop.get("description", "").strip()
        prop["description"] = f"{description} {said}" if description else said


def _all_required(schema: dict[str, Any]) -> None:
    properties = schema.get("properties")
    if properties:
        schema["required"] = list(properties)


def openapi_issues(spec: dict[str, Any]) -> list[str]:
    """What in the document a generated client would get wrong; empty when none.

    Optional request properties with a `default` (they would be typed as always sent),
    optional properties in JSON answers (typed as maybe absent although always sent), and
    one list of enum values written inline in more than one schema (a union type per use
    instead of one named type).
    """
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    requests, answers, json_answers = _uses(spec)
    issues = []
    for name in sorted(requests - answers):
        required = set(schemas[name].get("required", ()))
        for prop, value in schemas[name].get("properties", {}).items():
            if prop not in required and isinstance(value, dict) and "default" in value:
                issues.append(f"request schema {name}.{prop} is optional and has a default")
    for name in sorted(json_answers - requests - FASTAPI_OWN):
        required = set(schemas[name].get("required", ()))
        for prop in schemas[name].get("properties", {}):
            if prop not in required:
                issues.append(f"answer schema {name}.{prop} is not required")
    inline: dict[tuple[Any, ...], list[str]] = {}
    for name, schema in schemas.items():
        for prop, value in schema.get("properties", {}).items():
            for variant in _variants(value):
                if "enum" in variant:
                    inline.setdefault(tuple(variant["enum"]), []).append(f"{name}.{prop}")
    for values, where in sorted(inline.items(), key=lambda item: item[1]):
        if len(where) > 1:
            issues.append(f"enum {list(values)} is written inline in {', '.join(where)}: name it")
    return issues


def _variants(schema: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for item in schema.get(key, ()):
            yield from _variants(item)
    if isinstance(schema.get("items"), dict):
        yield from _variants(schema["items"])
