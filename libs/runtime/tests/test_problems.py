"""Errors leave as problem documents; a busy store is a 503 to retry, not a 500."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy.exc import TimeoutError as PoolTimeout

from lodestone_runtime import problems


def app_raising(error: Exception) -> FastAPI:
    app = FastAPI()
    problems.install(app)

    @app.get("/boom")
    async def boom() -> None:
        raise error

    return app


async def get_boom(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/boom")


async def test_a_pool_timeout_is_a_503_problem_with_retry_after() -> None:
    response = await get_boom(app_raising(PoolTimeout("QueuePool limit reached")))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/store-busy")


async def test_a_conflict_raised_below_the_api_is_a_409_problem() -> None:
    response = await get_boom(app_raising(problems.ProblemError(409, "not HELD")))
    assert response.status_code == 409
    assert response.json() == {
        "type": "https://lodestone.example/problems/conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "not HELD",
    }
