"""Application use cases: submit (lane set at intake), route a screening result, four-eyes review.

Every command folds the application stream and appends at the version it read; an approval
issues the licence in the same transaction.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from license_svc import facts, green_channel, projections
from license_svc.commands import Clock, run_command, today
from license_svc.domain import application as app
from license_svc.domain.errors import DomainError
from license_svc.domain.lanes import lane_for_items
from license_svc.domain.license import license_lines
from license_svc.domain.materials import Item, Materials
from license_svc.licenses import issue_license
from license_svc.streams import append, application_stream
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events import EventData
from lodestone_contracts.events.application import (
    ApplicationApprovalRecorded,
    ApplicationApproved,
    ApplicationRejected,
    ApplicationReviewStarted,
    ApplicationScreened,
    ApplicationSubmitted,
)
from lodestone_contracts.shapes import (
    Applicant,
    CountryCode,
    DecisionData,
    EndUse,
    Exporter,
    ItemList,
    Lane,
    Party,
    ReasonData,
)
from lodestone_runtime.consumer import PoisonEvent
from lodestone_runtime.idempotency import StoredResponse
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, StoredEvent, Transaction


class ApplicationRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    applicant: Applicant
    exporter: Exporter
    consignee: Party
    end_user: Party
    end_use: EndUse
    destination: CountryCode
    items: ItemList


class ApprovalRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    decision: Literal["approve", "deny"]
    justification: str = Field(min_length=10, max_length=2000)


class ApplicationAccepted(BaseModel):
    application_id: str
    status: Literal["SUBMITTED"] = "SUBMITTED"
    lane: Lane


class ApprovalView(BaseModel):
    reviewer: str
    decision: Literal["approve", "deny"]
    justification: str
    recorded_at: str


class ApplicationView(BaseModel):
    application_id: str
    status: app.ApplicationStatus
    lane: Lane
    screening: DecisionData | None
    approvals: list[ApprovalView]
    license_id: str | None
    reason: str | None = None


def _items(request: ApplicationRequest | ApplicationSubmitted) -> list[Item]:
    return [Item.of(i.line, i.form, i.composition, i.quantity_kg) for i in request.items]


def _routing_events(
    state: app.ApplicationState, new: list[app.ApplicationFact], reasons: list[ReasonData] | None
) -> list[EventData]:
    """Our events for new facts; Screened is screening-svc's event, already in the log."""
    ident = state.application_id
    events: list[EventData] = []
    for fact in new:
        match fact:
            case app.ReviewStarted():
                events.append(ApplicationReviewStarted(application_id=ident, lane=fact.lane))
            case app.ApprovalRecorded():
                events.append(
                    ApplicationApprovalRecorded(
                        application_id=ident,
                        reviewer=fact.reviewer,
                        decision=fact.decision.value,
                        justification=fact.justification,
                    )
                )
            case app.Approved():
                events.append(ApplicationApproved(application_id=ident, license_id=fact.license_id))
            case app.Rejected():
                events.append(
                    ApplicationRejected(application_id=ident, reason=fact.reason, reasons=reasons)
                )
    return events


class ApplicationService:
    def __init__(self, store: EventStore, now: Clock, materials: Materials) -> None:
        self._store = store
        self._now = now
        self._materials = materials

    async def submit(
        self, request: ApplicationRequest, submitted_by: str, key: str | None
    ) -> StoredResponse:
        """202 with the lane; 422 when no item is controlled (such goods need no licence)."""
        if not license_lines(_items(request), self._materials):
            raise ProblemError(422, "no item is a controlled material: no licence is needed")

        async def work(tx: Transaction) -> StoredResponse:
            on_green = await green_channel.is_granted(tx.conn, request.applicant.id)
            lane = lane_for_items(
                request.applicant.military_manufacturer,
                _items(request),
                request.end_use.category.value,
                on_green,
                self._materials,
            )
            application_id = Origin.of_request().derived_id("application")
            data = ApplicationSubmitted(
                application_id=application_id,
                **request.model_dump(),
                lane=Lane(lane.value),
                submitted_by=submitted_by,
            )
            stream_id = application_stream(application_id)
            await append(
                tx,
                stream_id,
                application_id,
                [data],
                now=self._now(),
                origin=Origin.of_request(),
                expected_version=0,
            )
            accepted = ApplicationAccepted(application_id=application_id, lane=data.lane)
            return StoredResponse(202, accepted.model_dump(mode="json"))

        scope = f"POST /v1/applications:{submitted_by}"
        payload = request.model_dump(mode="json")
        return await run_command(self._store, scope=scope, key=key, payload=payload, work=work)

    async def view(self, application_id: str, visible_to: str | None = None) -> ApplicationView:
        """`visible_to`: an applicant sees only what they submitted (others look unknown)."""
        table = projections.applications
        async with self._store.reading() as conn:
            query = select(table).where(table.c.application_id == application_id)
            row = (await conn.execute(query)).first()
        if row is None or visible_to not in (None, row.submitted_by):
            raise ProblemError(404, f"application {application_id} is unknown")
        return ApplicationView(
            application_id=row.application_id,
            status=app.ApplicationStatus(row.status),
            lane=Lane(row.lane),
            screening=json.loads(row.screening) if row.screening else None,
            approvals=json.loads(row.approvals),
            license_id=row.license_id,
            reason=row.reason,
        )

    async def decide(
        self, application_id: str, request: ApprovalRequest, reviewer: str, key: str | None
    ) -> StoredResponse:
        """One reviewer's approve/deny; 409 unless UNDER_REVIEW or when they decided already."""

        async def work(tx: Transaction) -> StoredResponse:
            stream = await tx.read_stream(application_stream(application_id))
            if not stream:
                raise ProblemError(404, f"application {application_id} is unknown")
            state = app.fold(facts.application_facts(stream))
            origin = Origin.of_request()
            try:
                new = app.record_approval(
                    state,
                    reviewer,
                    request.decision,
                    request.justification,
                    origin.derived_id("license"),
                )
            except DomainError as exc:
                raise ProblemError(exc.status, str(exc)) from exc
            await self._append(tx, stream, state, new, None, origin)
            return StoredResponse(200, {"application_id": application_id})

        scope = f"POST /v1/applications/{application_id}/approvals:{reviewer}"
        payload = request.model_dump(mode="json")
        return await run_command(self._store, scope=scope, key=key, payload=payload, work=work)

    async def route_screening(self, tx: Transaction, event: CloudEvent) -> None:
        """BLOCKED rejects; CLEARED in a fast lane approves and issues; else review starts."""
        screened = ApplicationScreened.model_validate(event.data)
        stream = await tx.read_stream(application_stream(screened.application_id))
        if not stream:
            raise PoisonEvent(f"application.screened names unknown {screened.application_id}")
        state = app.fold(facts.application_facts(stream))
        origin = Origin.of_trigger(event)
        decision = screened.screening
        new = app.record_screening(
            state,
            decision.outcome.value,
            facts.reason_codes(decision.reasons),
            origin.derived_id("license"),
        )
        if not new:
            return
        await projections.project(tx.conn, event)
        await self._append(tx, stream, state, new, decision.reasons or None, origin)

    async def _append(
        self,
        tx: Transaction,
        stream: list[StoredEvent],
        state: app.ApplicationState,
        new: list[app.ApplicationFact],
        reasons: list[ReasonData] | None,
        origin: Origin,
    ) -> None:
        ident = state.application_id
        data = _routing_events(state, new, reasons)
        await append(
            tx,
            application_stream(ident),
            ident,
            data,
            now=self._now(),
            origin=origin,
            expected_version=stream[-1].stream_version,
        )
        for fact in new:
            if isinstance(fact, app.Approved):
                submitted = ApplicationSubmitted.model_validate(stream[0].event.data)
                await issue_license(
                    tx,
                    submitted,
                    fact.license_id,
                    materials=self._materials,
                    issue_date=today(self._now),
                    origin=origin,
                    now=self._now,
                )
