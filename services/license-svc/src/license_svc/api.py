"""HTTP routes of license-svc: parse, authorise, call the service. Thin.

Roles per SPEC §5; the runtime answers 401/403/413/422, the use cases raise 404/409.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import JSONResponse

from license_svc.applications import (
    ApplicationAccepted,
    ApplicationRequest,
    ApplicationView,
    ApprovalRequest,
)
from license_svc.green_channel import GrantRequest, GreenChannelEntry, GreenChannelList
from license_svc.licenses import LicenseView, RevokeRequest
from license_svc.service import LicenseServices
from lodestone_runtime.auth import Caller, requires

router = APIRouter(prefix="/v1")
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
]


async def services(request: Request) -> LicenseServices:
    found: LicenseServices = request.app.state.services
    return found


Services = Annotated[LicenseServices, Depends(services)]


@router.post("/applications", status_code=202, response_model=ApplicationAccepted)
async def submit_application(
    body: ApplicationRequest,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("applicant"))],
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    reply = await svc.applications.submit(body, caller.sub, idempotency_key)
    location = f"/v1/applications/{reply.body['application_id']}"
    return JSONResponse(reply.body, status_code=reply.status, headers={"Location": location})


@router.get("/applications/{application_id}")
async def get_application(
    application_id: str,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("applicant", "reviewer", "auditor", "admin"))],
) -> ApplicationView:
    # Applicants see their own applications only; staff roles see every one.
    own_only = not caller.roles & {"reviewer", "auditor", "admin"}
    return await svc.applications.view(application_id, caller.sub if own_only else None)


@router.post("/applications/{application_id}/approvals")
async def decide_application(
    application_id: str,
    body: ApprovalRequest,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("reviewer"))],
    idempotency_key: IdempotencyKey = None,
) -> ApplicationView:
    await svc.applications.decide(application_id, body, caller.sub, idempotency_key)
    return await svc.applications.view(application_id)


@router.get("/licenses/{license_id}")
async def get_license(
    license_id: str,
    svc: Services,
    _caller: Annotated[
        Caller, Depends(requires("applicant", "erp", "reviewer", "auditor", "admin"))
    ],
) -> LicenseView:
    return await svc.licenses.view(license_id)


@router.post("/licenses/{license_id}/revoke")
async def revoke_license(
    license_id: str,
    body: RevokeRequest,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("reviewer", "admin"))],
) -> LicenseView:
    return await svc.licenses.revoke(license_id, body, caller.sub)


@router.put("/green-channel/{applicant_id}")
async def grant_green_channel(
    applicant_id: str,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("admin"))],
    body: GrantRequest | None = None,
) -> GreenChannelEntry:
    return await svc.green_channel.grant(applicant_id, body or GrantRequest(), caller.sub)


@router.delete("/green-channel/{applicant_id}", status_code=204)
async def revoke_green_channel(
    applicant_id: str,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("admin"))],
) -> Response:
    await svc.green_channel.revoke(applicant_id, caller.sub)
    return Response(status_code=204)


@router.get("/green-channel")
async def list_green_channel(
    svc: Services,
    _caller: Annotated[Caller, Depends(requires("admin", "reviewer", "auditor"))],
) -> GreenChannelList:
    return await svc.green_channel.list()
