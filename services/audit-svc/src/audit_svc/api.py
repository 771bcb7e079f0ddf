"""HTTP routes of audit-svc: parse, authorise, call the service. Thin."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
