"""RFC 9457 problem+json: the one error shape every endpoint answers with."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://lodestone.example/problems/"


class ProblemError(Exception):
    """Raise anywhere below the API to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug or HTTPStatus(status).phrase.lower().replace(" ", "-")
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers
        self.extra = extra or {}


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
        **(extra or {}),
    }
    return JSONResponse(
        body, status_code=status, headers=dict(headers) if headers else None, media_type=MEDIA_TYPE
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.detail, slug=exc.slug, title=exc.title, headers=exc.headers, extra=exc.extra
    )


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field_path(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()
    ]
    return problem_response(
        422,
        "The request is malformed or violates the schema.",
        slug="validation-error",
        title="Validation error",
        extra={"errors": errors},
    )


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(exc.status_code, str(exc.detail), headers=exc.headers)


async def _on_store_busy(_request: Request, _exc: Exception) -> JSONResponse:
    # Overload, not failure: nothing was written, and a retry with the same Idempotency-Key is safe.
    return problem_response(
        503,
        "The store is busy; nothing was accepted. Retry shortly.",
        slug="store-busy",
        headers={"Retry-After": "1"},
    )


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    return problem_response(500, "An unexpected error occurred; nothing was accepted.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(PoolTimeout, _on_store_busy)
    app.add_exception_handler(Exception, _on_unexpected)
