"""Composition root of audit-svc: the only place that builds clients and starts tasks."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.host import ServiceHost
from lodestone_runtime.service_app import build_service_app
from lodestone_runtime.store import EventStore

from audit_svc import api
from audit_svc.settings import Settings


async def wire(app: FastAPI, store: EventStore, host: ServiceHost) -> Sequence[Subscription]:
    return ()


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return build_service_app(
        name="audit-svc",
        settings=settings,
        store_file="audit.db",
        routers=[api.router],
        wire=wire,
    )
