"""Restricted-list routes: publish (admin; JSON, CSV or a government format), list, versions.

The publish route takes bodies up to the large-body limit (the SDN CSV is ~4 MB); every other
route keeps the 1 MiB limit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from lodestone_runtime.auth import Caller, requires
from screening_svc.api_deps import Services

router = APIRouter(prefix="/v1", tags=["lists"])
ListId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
Readers = Annotated[Caller, Depends(requires("admin", "reviewer", "auditor"))]
_UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "required": ["name", "entries"]}},
            "text/csv": {"schema": {"type": "string", "description": "id,name,aliases,country"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.put("/lists/{list_id}", openapi_extra=_UPLOAD_DOC)
async def publish_list(
    list_id: ListId,
    request: Request,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("admin"))],
    source_format: Annotated[
        str | None, Query(alias="format", description="json, csv, ofac-sdn, csl or un-xml")
    ] = None,
    name: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
) -> dict[str, Any]:
    body = await request.body()
    content_type = request.headers.get("content-type", "application/json")
    return await svc.lists.publish(list_id, body, content_type, source_format, name, caller.sub)


@router.get("/lists")
async def get_lists(svc: Services, _caller: Readers) -> dict[str, Any]:
    return await svc.lists.lists()


@router.get("/lists/{list_id}")
async def get_list(list_id: ListId, svc: Services, _caller: Readers) -> dict[str, Any]:
    return await svc.lists.describe(list_id)


@router.get("/lists/{list_id}/versions/{version}")
async def get_list_version(
    list_id: ListId,
    version: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    svc: Services,
    _caller: Readers,
) -> Response:
    """The version's canonical JSON, byte for byte: its SHA-256 is `version`."""
    text = await svc.lists.version(list_id, version)
    return Response(text.encode("utf-8"), media_type="application/json", headers={"ETag": version})
