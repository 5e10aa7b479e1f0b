"""The OpenAPI document as a generated TypeScript client reads it (openapi-typescript + openapi-fetch).

Spec-level checks, without a server: named enums, request bodies that need only what a client
means, answers whose fields are all present, the live events with a discriminator, the content
types of the downloads, typed probes and summary, and the bearer security scheme. Two API
calls then show the smallest bodies accepted, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest

from f2l.api.app import create_app
from f2l.api.deps import BEARER_SCHEME, COOKIE_SCHEME
from f2l.api.openapi import openapi_issues
from f2l.db.statuses import ExecutionStatus, ExecutionTrigger, OperationStatus
from f2l.events import EVENT_TYPES, EventType, MemoryEventBus, iso_utc
from f2l.services.endpoint_schemas import EndpointType
from f2l.services.live_events import LiveEvent
from f2l.services.logs import ExportFormat, LogLevel
from f2l.services.schedule import UNIT_SECONDS
from f2l.services.session_schemas import FolderMatchMode, ScheduleUnit
from f2l.services.users import Role
from f2l.sync.bisync import ConflictPolicy
from f2l.sync.compare import CompareMode
from f2l.sync.engine import RunStatus
from f2l.sync.filters import FolderMatch
from f2l.sync.options import Direction
from f2l.sync.progress import Phase, ProgressSnapshot

REF = "#/components/schemas/"
PUBLIC = {
    ("get", "/api/v1/auth/status"),
    ("post", "/api/v1/auth/setup"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
}
PENDING_ELSEWHERE = ("host_key_policy",)
"""Inline enums of schemas owned elsewhere (the SFTP options), to be named there."""


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app().openapi()


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def ref_of(prop: dict[str, Any]) -> str | None:
    """The component a property refers to, directly or as the non-null member of an anyOf."""
    if "$ref" in prop:
        return str(prop["$ref"]).removeprefix(REF)
    for variant in prop.get("anyOf", ()):
        if "$ref" in variant:
            return str(variant["$ref"]).removeprefix(REF)
    return None


def operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"][path][method]
    return result


def parameter(spec: dict[str, Any], method: str, path: str, name: str) -> dict[str, Any]:
    found = [p for p in operation(spec, method, path)["parameters"] if p["name"] == name]
    assert len(found) == 1, (method, path, name)
    schema: dict[str, Any] = found[0]["schema"]
    return schema


# -- enums ------------------------------------------------------------------------------------------


ENUMS: dict[str, type[StrEnum]] = {
    "ExecutionStatus": ExecutionStatus,
    "ExecutionTrigger": ExecutionTrigger,
    "OperationStatus": OperationStatus,
    "Direction": Direction,
    "CompareMode": CompareMode,
    "ConflictPolicy": ConflictPolicy,
    "FolderMatchMode": FolderMatchMode,
    "ScheduleUnit": ScheduleUnit,
    "EndpointType": EndpointType,
    "Role": Role,
    "LogLevel": LogLevel,
    "ExportFormat": ExportFormat,
    "Phase": Phase,
}


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_enums_are_named_components(spec: dict[str, Any], name: str) -> None:
    component = schemas(spec)[name]
    assert component["type"] == "string"
    assert component["enum"] == [member.value for member in ENUMS[name]]


@pytest.mark.parametrize(
    ("schema", "field", "enum"),
    [
        ("ExecutionRead", "status", "ExecutionStatus"),
        ("ExecutionRead", "trigger", "ExecutionTrigger"),
        ("ExecutionBrief", "status", "ExecutionStatus"),
        ("StartResponse", "status", "ExecutionStatus"),
        ("RecentExecution", "status", "ExecutionStatus"),
        ("ActiveExecution", "status", "ExecutionStatus"),
        ("OperationRead", "status", "OperationStatus"),
        ("SessionCreate", "sync_direction", "Direction"),
        ("SessionRead", "sync_direction", "Direction"),
        ("SessionUpdate", "sync_direction", "Direction"),
        ("SessionCreate", "compare_mode", "CompareMode"),
        ("SessionUpdate", "compare_mode", "CompareMode"),
        ("SessionCreate", "conflict_policy", "ConflictPolicy"),
        ("SessionRead", "conflict_policy", "ConflictPolicy"),
        ("SessionCreate", "folder_match_mode", "FolderMatchMode"),
        ("SessionCreate", "schedule_unit", "ScheduleUnit"),
        ("EndpointCreate", "endpoint_type", "EndpointType"),
        ("EndpointRead", "endpoint_type", "EndpointType"),
        ("UserCreate", "role", "Role"),
        ("UserRead", "role", "Role"),
        ("UserUpdate", "role", "Role"),
        ("LogRead", "level", "LogLevel"),
        ("LogLine", "level", "LogLevel"),
        ("ExecutionFinished", "status", "ExecutionStatus"),
        ("ExecutionProgress", "phase", "Phase"),
    ],
)
def test_fields_refer_to_the_named_enum(spec: dict[str, Any], schema: str, field: str, enum: str) -> None:
    assert ref_of(schemas(spec)[schema]["properties"][field]) == enum


@pytest.mark.parametrize(
    ("path", "name", "enum"),
    [
        ("/api/v1/executions", "status", "ExecutionStatus"),
        ("/api/v1/executions/{execution_id}/operations", "status", "OperationStatus"),
        ("/api/v1/executions/{execution_id}/report", "format", "ExportFormat"),
        ("/api/v1/logs", "level", "LogLevel"),
        ("/api/v1/logs", "min_level", "LogLevel"),
        ("/api/v1/logs/export", "format", "ExportFormat"),
    ],
)
def test_query_parameters_refer_to_the_named_enum(spec: dict[str, Any], path: str, name: str, enum: str) -> None:
    assert ref_of(parameter(spec, "get", path, name)) == enum


def test_no_enum_is_written_inline_in_two_schemas(spec: dict[str, Any]) -> None:
    repeated = [issue for issue in openapi_issues(spec) if issue.startswith("enum ")]
    assert [issue for issue in repeated if not any(name in issue for name in PENDING_ELSEWHERE)] == []


def test_one_name_per_status_and_event(spec: dict[str, Any]) -> None:
    # The engine's outcomes are execution statuses, stored as the same strings.
    assert {status.value for status in RunStatus} <= {status.value for status in ExecutionStatus}
    assert {mode.value for mode in FolderMatchMode} == set(get_args(FolderMatch))
    assert {unit.value for unit in ScheduleUnit} == set(UNIT_SECONDS)
    assert set(EVENT_TYPES) == {kind.value for kind in EventType}
    mapping = schemas(spec)["LiveEvent"]["discriminator"]["mapping"]
    assert set(mapping) == {kind.value for kind in EventType}


# -- request bodies and answers -----------------------------------------------------------------------


def test_a_new_session_needs_only_a_name_and_two_endpoints(spec: dict[str, Any]) -> None:
    create = schemas(spec)["SessionCreate"]
    assert sorted(create["required"]) == ["destination_endpoint_id", "name", "source_endpoint_id"]
    # A default would make openapi-typescript type the field as always sent: it is in the description.
    direction = create["properties"]["sync_direction"]
    assert "default" not in direction and '`"source_to_dest"`' in direction["description"]
    assert create["properties"]["file_pattern_enabled"]["description"].endswith("Default: `false`.")


def test_a_new_user_needs_only_a_name_and_a_password(spec: dict[str, Any]) -> None:
    create = schemas(spec)["UserCreate"]
    assert sorted(create["required"]) == ["password", "username"]
    assert "default" not in create["properties"]["role"]


def test_no_optional_request_field_has_a_default_and_every_answer_field_is_required(spec: dict[str, Any]) -> None:
    issues = [issue for issue in openapi_issues(spec) if not issue.startswith("enum ")]
    assert issues == []
    read = schemas(spec)["SessionRead"]
    assert set(read["required"]) == set(read["properties"])
    assert "session_name" in schemas(spec)["ExecutionRead"]["required"]


# -- live events ------------------------------------------------------------------------------------


def test_live_events_are_components_with_a_discriminator(spec: dict[str, Any]) -> None:
    live = schemas(spec)["LiveEvent"]
    variants = {ref["$ref"].removeprefix(REF) for ref in live["oneOf"]}
    assert variants == {"ExecutionProgressEvent", "ExecutionCompletedEvent", "ExecutionErrorEvent", "LogEvent"}
    assert live["discriminator"]["propertyName"] == "type"
    for kind, target in live["discriminator"]["mapping"].items():
        event = schemas(spec)[target.removeprefix(REF)]
        assert event["properties"]["type"]["const"] == kind
        assert set(event["required"]) == {"id", "type", "data", "execution_id", "session_id", "timestamp"}
        assert event["properties"]["timestamp"] == {
            "type": "string",
            "format": "date-time",
            "title": "Timestamp",
            "description": "When the event was published (ISO 8601, UTC).",
        }
    progress = schemas(spec)["ExecutionProgress"]
    assert {
        "progress_percentage",
        "files_synced",
        "total_files",
        "bytes_transferred",
        "total_bytes",
        "speed_bps",
        "eta_seconds",
        "current_files",
    } <= set(progress["required"])
    streamed = operation(spec, "get", "/api/v1/events")["responses"]["200"]["content"]
    assert streamed == {"text/event-stream": {"schema": {"$ref": REF + "LiveEvent"}}}
    for protocol in ("WebSocketClientMessage", "WebSocketServerMessage"):
        assert schemas(spec)[protocol]["discriminator"]["propertyName"] == "type"
    assert "ReplayGap" in schemas(spec)


async def test_what_the_publishers_send_matches_the_declared_events() -> None:
    from f2l.jobs.recorder import ExecutionRecorder

    snapshot = ProgressSnapshot(
        phase=Phase.TRANSFERRING,
        files_done=3,
        files_total=10,
        bytes_done=300,
        bytes_total=1000,
        files_deleted=0,
        errors=1,
        current=("a.txt",),
        speed_bps=12.5,
        eta_seconds=None,
        elapsed_s=1.0,
    )
    execution_id, session_id = uuid.uuid4(), uuid.uuid4()
    async with MemoryEventBus() as bus:
        recorder = ExecutionRecorder(None, bus, execution_id, session_id, snapshot=snapshot)  # type: ignore[arg-type]
        scope = {"execution_id": str(execution_id), "session_id": str(session_id)}
        published = [
            await bus.publish(EventType.EXECUTION_PROGRESS, recorder.progress_event(), **scope),
            await bus.publish(
                EventType.LOG,
                {"id": 1, "level": "info", "message": "run started", "timestamp": iso_utc(datetime.now(UTC))},
                **scope,
            ),
            await bus.publish(
                EventType.EXECUTION_ERROR,
                {**scope, "status": "failed", "error_message": "no route", "finished_at": iso_utc()},
                **scope,
            ),
        ]
    for event in published:
        parsed = LiveEvent.model_validate_json(event.to_json()).root
        assert parsed["type"] == event.type
        # One convention: every time is ISO 8601 text in UTC, as the REST answers write them.
        assert event.timestamp.endswith("Z") and datetime.fromisoformat(event.timestamp).tzinfo is not None
    assert published[1].data["timestamp"].endswith("Z")


# -- downloads, probes, summary, security -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "document"),
    [
        ("/api/v1/executions/{execution_id}/report", "ExecutionReport"),
        ("/api/v1/logs/export", "LogExport"),
    ],
)
def test_downloads_declare_their_content_types(spec: dict[str, Any], path: str, document: str) -> None:
    content = operation(spec, "get", path)["responses"]["200"]["content"]
    assert set(content) == {"text/csv", "application/json"}
    assert content["text/csv"]["schema"]["type"] == "string"
    assert content["application/json"]["schema"] == {"$ref": REF + document}


def test_probes_and_the_run_summary_are_typed(spec: dict[str, Any]) -> None:
    ready = operation(spec, "get", "/ready")["responses"]
    for status in ("200", "503"):
        assert ready[status]["content"]["application/json"]["schema"] == {"$ref": REF + "Readiness"}
    assert sorted(schemas(spec)["Readiness"]["required"]) == ["database", "status"]
    health = operation(spec, "get", "/health")["responses"]["200"]["content"]["application/json"]["schema"]
    assert health == {"$ref": REF + "Health"}
    assert ref_of(schemas(spec)["ExecutionRead"]["properties"]["summary"]) == "RunSummary"
    summary = schemas(spec)["RunSummary"]
    assert {"duration_s", "message", "errors"} <= set(summary["required"])
    assert summary["properties"]["errors"]["items"] == {"$ref": REF + "RunError"}


def test_a_bearer_security_scheme_guards_every_protected_route(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    bearer = schemes[BEARER_SCHEME]
    assert (bearer["type"], bearer["scheme"], bearer["bearerFormat"]) == ("http", "bearer", "JWT")
    assert schemes[COOKIE_SCHEME]["in"] == "cookie"
    seen = set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            seen.add((method, path))
            if (method, path) in PUBLIC:
                assert "security" not in op, (method, path)
            else:
                assert {BEARER_SCHEME: []} in op["security"], (method, path)
                assert {COOKIE_SCHEME: []} in op["security"], (method, path)
    assert seen >= PUBLIC
    assert ("get", "/api/v1/events") in seen


# -- what the server accepts --------------------------------------------------------------------------


async def test_the_smallest_bodies_are_accepted(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    ids = []
    for name in ("from", "to"):
        (tmp_path / name).mkdir()
        created = await admin.post(
            "/endpoints", json={"name": name, "endpoint_type": "local", "local_path": str(tmp_path / name)}
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    session = await admin.post(
        "/sessions", json={"name": "smallest", "source_endpoint_id": ids[0], "destination_endpoint_id": ids[1]}
    )
    assert session.status_code == 201, session.text
    body = session.json()
    assert (body["sync_direction"], body["compare_mode"], body["conflict_policy"]) == (
        "source_to_dest",
        "size_mtime",
        "keep_both",
    )
    user = await admin.post("/users", json={"username": "newcomer", "password": "A-long-pass-2026!"})
    assert user.status_code == 201, user.text
    assert user.json()["role"] == "viewer"
    ready = await admin.get(str(admin.base_url).removesuffix("/api/v1/") + "/ready")
    assert ready.json() == {"status": "ready", "database": "ok"}


def test_session_run_settings_are_declared_once_by_the_engine() -> None:
    """A session field that fills an engine setting carries that setting's rules and help text, and an
    update accepts exactly the fields of a new session, each optional."""
    from f2l.services.session_schemas import ENGINE_SETTINGS, SessionCreate, SessionUpdate

    for field, (model, setting) in ENGINE_SETTINGS.items():
        engine, session = model.model_fields[setting], SessionCreate.model_fields[field]
        assert all(rule in session.metadata for rule in engine.metadata), field  # same limits
        if field not in ("transfers", "checkers", "folder_match_mode"):
            assert session.description == engine.description, field
    assert set(SessionUpdate.model_fields) == set(SessionCreate.model_fields)
    assert not [name for name, info in SessionUpdate.model_fields.items() if info.is_required()]
