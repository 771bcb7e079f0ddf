"""Composition root of screening-svc: the only place that builds clients, reads settings and
starts tasks. The index is built from the stored lists before the API serves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import FastAPI

from lodestone_runtime.app import allow_large_bodies
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.host import ServiceHost
from lodestone_runtime.service_app import build_service_app
from lodestone_runtime.store import EventStore
from screening_svc import api, consumer, projections
from screening_svc.lists import ListService
from screening_svc.service import build_services
from screening_svc.settings import Settings

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


async def refresh_lists(lists: ListService, every: float) -> None:
    """Pick up versions another instance published (this one learns of its own at once)."""
    while True:
        await asyncio.sleep(every)
        try:
            await lists.sync()
        except Exception as exc:  # a store hiccup must not end the loop
            log.warning("list refresh failed: %s", exc)


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    async def wire(app: FastAPI, store: EventStore, host: ServiceHost) -> Sequence[Subscription]:
        services = build_services(store, utc_now, settings)
        await services.lists.sync()
        app.state.services = services
        host.add_task(refresh_lists(services.lists, settings.list_refresh_seconds), "lists")
        return consumer.subscriptions(services)

    app = build_service_app(
        name="screening-svc",
        settings=settings,
        store_file="screening.db",
        routers=[api.router],
        wire=wire,
        metadata=[projections.metadata],
        # Local SQLite: no fsync per commit (safe against process crashes; see docs/design.md).
        synced=False,
    )
    allow_large_bodies(app, ("/v1/lists/",), settings.list_body_limit)
    return app
