"""Builds a service's FastAPI app around a ServiceHost: the one composition pattern all share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData

from lodestone_runtime import logs
from lodestone_runtime.app import create_app
from lodestone_runtime.auth import load_or_create_secret
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.heap import freeze_long_lived
from lodestone_runtime.host import ServiceHost
from lodestone_runtime.settings import ServiceSettings
from lodestone_runtime.store import EventStore

# Builds the use cases on the open store, puts them on app.state, returns the subscriptions.
Wiring = Callable[[FastAPI, EventStore, ServiceHost], Awaitable[Sequence[Subscription]]]


def build_service_app(
    *,
    name: str,
    settings: ServiceSettings,
    store_file: str,
    routers: Sequence[APIRouter],
    wire: Wiring,
    metadata: Sequence[MetaData] = (),
    version: str = "0.1.0",
    synced: bool = True,
) -> FastAPI:
    logs.configure(name, settings.log_level)
    secret = load_or_create_secret(settings.auth_secret, settings.data_dir)
    subscriptions: list[Subscription] = []
    host = ServiceHost(
        name=name,
        store_url=settings.store_url(store_file),
        kafka=settings.kafka(),
        schema_name=settings.database_schema,
        metadata=metadata,
        synced=synced,
        subscriptions=lambda _store: subscriptions,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.auth_secret = secret
        app.state.host = host
        store = await host.open_store()
        subscriptions.extend(await wire(app, store, host))
        await host.start_background()
        freeze_long_lived()  # the store, the clients and what wire() loaded stay for good
        try:
            yield
        finally:
            await host.stop()

    return create_app(
        title=name,
        version=version,
        lifespan=lifespan,
        routers=routers,
        readiness=lambda _app: [host.check_store, host.check_broker],
    )
