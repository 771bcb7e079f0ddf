"""Composition root of license-svc: the only place that builds clients and starts tasks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import FastAPI

from license_svc import api, consumer, projections
from license_svc.service import build_services
from license_svc.settings import Settings
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.host import ServiceHost
from lodestone_runtime.service_app import build_service_app
from lodestone_runtime.store import EventStore


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    async def wire(app: FastAPI, store: EventStore, host: ServiceHost) -> Sequence[Subscription]:
        services = build_services(store, utc_now, settings.catalog_version)
        app.state.services = services
        return consumer.subscriptions(services)

    return build_service_app(
        name="license-svc",
        settings=settings,
        store_file="license.db",
        routers=[api.router],
        wire=wire,
        metadata=[projections.metadata],
        # Local SQLite: no fsync per commit (safe against process crashes; see docs/design.md).
        synced=False,
    )
