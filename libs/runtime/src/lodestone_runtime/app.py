"""One app factory for all services: health, readiness, metrics, errors, body limit, correlation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lodestone_runtime import metrics, problems
from lodestone_runtime.logs import correlation_id

MAX_BODY = 1024 * 1024
ReadinessCheck = Callable[[], Awaitable[None]]


class BodyLimit:
    """Refuses bodies over 1 MiB with 413, whether or not Content-Length is given."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                # FastAPI re-raises HTTPException from body parsing; anything else becomes a 400.
                raise HTTPException(413, "the request body exceeds 1 MiB")
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problems.problem_response(413, "the request body exceeds 1 MiB")
        await response(scope, receive, send)


def _route_name(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "unmatched"))


def create_app(
    *,
    title: str,
    version: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]],
    routers: Sequence[APIRouter],
    readiness: Callable[[FastAPI], Sequence[ReadinessCheck]],
) -> FastAPI:
    app = FastAPI(title=title, version=version, lifespan=lifespan)
    problems.install(app)

    @app.middleware("http")
    async def observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cid = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        token = correlation_id.set(cid)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            correlation_id.reset(token)
        route = _route_name(request)
        metrics.HTTP_LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        metrics.HTTP_REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        response.headers["x-correlation-id"] = cid
        return response

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        failures = []
        for check in readiness(app):
            try:
                await check()
            except Exception as exc:
                failures.append(f"{getattr(check, '__name__', 'check')}: {exc}")
        if failures:
            return problems.problem_response(503, "; ".join(failures), title="Not ready")
        return Response('{"status":"ready"}', media_type="application/json")

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    for router in routers:
        app.include_router(router)
    app.add_middleware(BodyLimit)
    return app
