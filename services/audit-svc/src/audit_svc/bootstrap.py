"""Composition root of audit-svc: the only place that builds clients and starts tasks."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from audit_svc import api, consumer
from audit_svc.checkpoints import Checkpointer, Signer, load_or_create_key
from audit_svc.service import AuditLog
from audit_svc.settings import Settings
from audit_svc.tables import install_append_only, metadata
from lodestone_runtime.consumer import Subscription
from lodestone_runtime.host import ServiceHost
from lodestone_runtime.service_app import build_service_app
from lodestone_runtime.store import EventStore


def build_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    signer = Signer(settings.origin, load_or_create_key(settings.signing_key, settings.data_dir))

    async def wire(app: FastAPI, store: EventStore, host: ServiceHost) -> Sequence[Subscription]:
        await install_append_only(store.engines.writer, store.dialect)
        audit = AuditLog(store)
        checkpointer = Checkpointer(store, audit, signer)
        app.state.audit = audit
        app.state.signer = signer
        app.state.checkpointer = checkpointer
        host.add_task(checkpointer.run(settings.checkpoint_interval), "checkpoints")
        return consumer.subscriptions(audit)

    return build_service_app(
        name="audit-svc",
        settings=settings,
        store_file="audit.db",
        routers=[api.router],
        wire=wire,
        metadata=[metadata],
    )
