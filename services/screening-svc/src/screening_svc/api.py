"""HTTP routes of screening-svc: parse, authorise, call the service. Thin.

Orders and lists have their own routers; party screening on demand lives here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from lodestone_runtime.auth import Caller, requires
from screening_svc import api_lists, api_orders
from screening_svc.api_deps import Services
from screening_svc.parties import ScreenPartiesRequest, ScreenPartiesResponse

router = APIRouter()
router.include_router(api_orders.router)
router.include_router(api_lists.router)
parties = APIRouter(prefix="/v1", tags=["parties"])


@parties.post("/parties/screen")
async def screen_parties(
    body: ScreenPartiesRequest,
    svc: Services,
    _caller: Annotated[Caller, Depends(requires("erp", "reviewer", "admin"))],
) -> ScreenPartiesResponse:
    return await svc.parties.screen(body)


router.include_router(parties)
