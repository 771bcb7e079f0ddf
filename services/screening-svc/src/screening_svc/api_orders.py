"""Order routes: intake (ERP), reads, the review queue and a reviewer's verdict. Thin.

Roles per SPEC §4; the runtime answers 401/403/413/422, the use cases raise 404/409.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from lodestone_runtime.auth import Caller, requires
from screening_svc.api_deps import IdempotencyKey, Services
from screening_svc.order_reviews import ReviewRequest, Verdict
from screening_svc.orders import OrderAccepted, OrderRequest, OrderStatus

router = APIRouter(prefix="/v1", tags=["orders"])
MAX_WAIT_SECONDS = 10.0
Reviewer = Annotated[Caller, Depends(requires("reviewer"))]


@router.post(
    "/orders",
    status_code=202,
    response_model=OrderAccepted,
    responses={200: {"description": "The order, decided within `wait` or posted before"}},
)
async def place_order(
    body: OrderRequest,
    svc: Services,
    caller: Annotated[Caller, Depends(requires("erp"))],
    idempotency_key: IdempotencyKey = None,
    wait: Annotated[float | None, Query(ge=0, description="seconds to wait, max 10")] = None,
) -> JSONResponse:
    placement = await svc.orders.place(body, caller.sub, idempotency_key)
    order_id = placement.order_id
    headers = {"Location": f"/v1/orders/{order_id}"}
    if wait:
        decided = await svc.orders.wait_for_decision(order_id, min(wait, MAX_WAIT_SECONDS))
        if decided is not None:
            return JSONResponse(decided, status_code=200, headers=headers)
    if placement.duplicate:
        return JSONResponse(await svc.orders.view(order_id), status_code=200, headers=headers)
    accepted = OrderAccepted(order_id=order_id).model_dump()
    return JSONResponse(accepted, status_code=202, headers=headers)


@router.get("/orders/{order_id}")
async def get_order(
    order_id: str,
    svc: Services,
    _caller: Annotated[Caller, Depends(requires("erp", "reviewer", "auditor", "admin"))],
) -> dict[str, Any]:
    return await svc.orders.view(order_id)


@router.get("/orders")
async def review_queue(
    svc: Services,
    _caller: Annotated[Caller, Depends(requires("reviewer", "admin"))],
    status: OrderStatus = "HELD",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    return await svc.orders.queue(status, limit, cursor)


async def _review(
    svc: Services, order_id: str, verdict: Verdict, caller: Caller, body: ReviewRequest
) -> JSONResponse:
    order = await svc.reviews.review(order_id, verdict, caller.sub, body.justification)
    # A release that waits for license-svc's reservation is accepted, not yet done.
    status = 202 if order["release_requested"] else 200
    return JSONResponse(order, status_code=status)


@router.post("/orders/{order_id}/release", responses={202: {"description": "Reserving"}})
async def release_order(
    order_id: str, body: ReviewRequest, svc: Services, caller: Reviewer
) -> JSONResponse:
    return await _review(svc, order_id, "release", caller, body)


@router.post("/orders/{order_id}/reject")
async def reject_order(
    order_id: str, body: ReviewRequest, svc: Services, caller: Reviewer
) -> JSONResponse:
    return await _review(svc, order_id, "reject", caller, body)
