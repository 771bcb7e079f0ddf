"""Dependencies the routers share: the use cases on app.state and the Idempotency-Key header."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from screening_svc.service import ScreeningServices

IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
]


async def services(request: Request) -> ScreeningServices:
    found: ScreeningServices = request.app.state.services
    return found


Services = Annotated[ScreeningServices, Depends(services)]
