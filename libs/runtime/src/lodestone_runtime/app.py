"""One app factory for all services: health, readiness, metrics, errors, body limit, correlation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lodestone_runtime import metrics, problems
from lodestone_runtime.logs import correlation_id
from lodestone_runtime.text_guard import JsonTextGuard

MAX_BODY = 1024 * 1024
LARGE_BODY = 64 * 1024 * 1024
ReadinessCheck = Callable[[], Awaitable[None]]


def allow_large_bodies(app: FastAPI, path_prefixes: Sequence[str], limit: int = LARGE_BODY) -> None:
    """Let bulk-upload paths (e.g. restricted lists) take bodies up to `limit` instead of 1 MiB."""
    app.state.large_body_paths = tuple(path_prefixes)
    app.state.large_body_limit = limit


def _describe(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


class BodyLimit:
    """Refuses bodies over 1 MiB (or a large-body path's limit) with 413, with or without
    Content-Length."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    def _limit_for(self, scope: Scope) -> int:
        state = getattr(scope.get("app"), "state", None)
        prefixes: tuple[str, ...] = getattr(state, "large_body_paths", ())
        if any(str(scope.get("path", "")).startswith(p) for p in prefixes):
            return int(getattr(state, "large_body_limit", LARGE_BODY))
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                # FastAPI re-raises HTTPException from body parsing; anything else becomes a 400.
                raise HTTPException(413, f"the request body exceeds {_describe(limit)}")
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problems.problem_response(413, f"the request body exceeds {_describe(limit)}")
        await response(scope, receive, send)


class Observe:
    """Correlation id (taken or made) for logs and the response; request metrics by route.

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware runs the app in a task with memory
    streams and cost ~40 % of an order POST's time in the service under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        given = headers.get(b"x-correlation-id", b"").decode("latin-1")
        cid = given or str(uuid.uuid4())
        status = 500  # unless the app starts a response: an exception becomes a 500 outside

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-correlation-id", cid.encode("latin-1")),
                ]
            await send(message)

        token = correlation_id.set(cid)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            correlation_id.reset(token)
            # the router put the matched route into this same scope
            route = str(getattr(scope.get("route"), "path", "unmatched"))
            method = str(scope.get("method", ""))
            metrics.HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)
            metrics.HTTP_REQUESTS.labels(method, route, str(status)).inc()


def create_app(
    *,
    title: str,
    version: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]],
    routers: Sequence[APIRouter],
    readiness: Callable[[FastAPI], Sequence[ReadinessCheck]],
    large_body_paths: Sequence[str] = (),
    large_body_limit: int = LARGE_BODY,
) -> FastAPI:
    app = FastAPI(title=title, version=version, lifespan=lifespan)
    allow_large_bodies(app, large_body_paths, large_body_limit)
    problems.install(app)

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
    app.add_middleware(Observe)
    app.add_middleware(JsonTextGuard)
    app.add_middleware(BodyLimit)  # outermost: limits apply before anything buffers
    return app
