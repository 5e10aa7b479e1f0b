"""`/backends`: the endpoint types and the JSON Schema of each one's fields, for forms and clients."""

from __future__ import annotations

from fastapi import APIRouter

from f2l.api.deps import CurrentUser
from f2l.services.endpoint_schemas import BackendRead, backend_reads

router = APIRouter(prefix="/backends", tags=["backends"])


@router.get("", operation_id="backends-list")
async def read_backends(user: CurrentUser) -> list[BackendRead]:
    """Every endpoint type with the JSON Schema of its fields: types, defaults, help, allowed values, secrets."""
    return backend_reads()
