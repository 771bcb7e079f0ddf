"""Licence use cases: issue for an approved application, show, revoke, suspend on a party flag.

Every command folds the licence stream and appends at the version it read.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from license_svc import facts, projections
from license_svc.commands import Clock, today
from license_svc.domain import license as lic
from license_svc.domain.errors import DomainError
from license_svc.domain.lanes import Lane
from license_svc.domain.license_fold import fold
from license_svc.domain.materials import Item, Materials
from license_svc.streams import append, license_stream
from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events.application import ApplicationSubmitted
from lodestone_contracts.events.license import LicenseIssued, LicenseLine, LicensePartyFlagged
from lodestone_contracts.shapes import ApplicantData, ExporterData, PartyData
from lodestone_contracts.shapes import Lane as LaneData
from lodestone_runtime.consumer import PoisonEvent
from lodestone_runtime.origin import Origin
from lodestone_runtime.problems import ProblemError
from lodestone_runtime.store import EventStore, StoredEvent, Transaction


class RevokeRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class LicenseLineView(BaseModel):
    line: int
    form: str
    elements: list[str]
    quantity_kg: float
    remaining_kg: float


class LicenseView(BaseModel):
    license_id: str
    application_id: str
    kind: LaneData
    status: lic.LicenseStatus
    holder: ApplicantData
    exporter: ExporterData
    consignee: PartyData
    end_user: PartyData
    destination: str
    valid_from: date
    valid_until: date
    lines: list[LicenseLineView]


# Folded licences by id, with the version and id of the last event folded: a busy licence is
# caught up from its snapshot instead of refolded from issue on every reservation.
# Keyed by store engine too, so two stores in one process never share a snapshot.
_SNAPSHOTS: OrderedDict[tuple[int, str], tuple[lic.LicenseState, int, str]] = OrderedDict()
_SNAPSHOT_LIMIT = 10_000


def _remember(key: tuple[int, str], state: lic.LicenseState, last: StoredEvent) -> None:
    _SNAPSHOTS[key] = (state, last.stream_version, last.event.id)
    _SNAPSHOTS.move_to_end(key)
    while len(_SNAPSHOTS) > _SNAPSHOT_LIMIT:
        _SNAPSHOTS.popitem(last=False)


async def load_license(tx: Transaction, license_id: str) -> tuple[lic.LicenseState | None, int]:
    """The folded licence (None when unknown) and the stream version it was folded at.

    A snapshot is trusted only when the event it ended on is still the one stored at its
    version (a rolled-back transaction may have folded events that never committed).
    """
    stream_id = license_stream(license_id)
    key = (id(tx.conn.engine), license_id)
    cached = _SNAPSHOTS.get(key)
    if cached is not None:
        state, version, last_id = cached
        newer = await tx.read_stream(stream_id, from_version=version)
        if newer and newer[0].event.id == last_id:
            if len(newer) > 1:
                state = fold(facts.license_facts(newer[1:]), state)
            _remember(key, state, newer[-1])
            return state, newer[-1].stream_version
    stream = await tx.read_stream(stream_id)
    if not stream:
        return None, 0
    state = fold(facts.license_facts(stream))
    _remember(key, state, stream[-1])
    return state, stream[-1].stream_version


def _issued_fact(
    submitted: ApplicationSubmitted, license_id: str, materials: Materials, issue_date: date
) -> lic.Issued:
    items = [Item.of(i.line, i.form, i.composition, i.quantity_kg) for i in submitted.items]
    terms = lic.LicenseTerms(
        application_id=submitted.application_id,
        kind=Lane(submitted.lane.value),
        holder=submitted.applicant.id,
        exporter_id=submitted.exporter.id,
        consignee=facts.party(submitted.consignee.model_dump()),
        end_user=facts.party(submitted.end_user.model_dump()),
        destination=submitted.destination,
    )
    [issued] = lic.issue_license(license_id, terms, lic.license_lines(items, materials), issue_date)
    assert isinstance(issued, lic.Issued)
    return issued


def _issued_data(submitted: ApplicationSubmitted, issued: lic.Issued) -> LicenseIssued:
    lines = [
        {
            "line": ln.line,
            "form": ln.form,
            "elements": sorted(ln.elements),
            "quantity_kg": float(ln.quantity_kg),
        }
        for ln in issued.lines
    ]
    return LicenseIssued(
        license_id=issued.license_id,
        application_id=submitted.application_id,
        kind=submitted.lane,
        holder=submitted.applicant,
        exporter=submitted.exporter,
        consignee=submitted.consignee,
        end_user=submitted.end_user,
        destination=submitted.destination,
        valid_from=issued.valid_from,
        valid_until=issued.valid_until,
        lines=[LicenseLine.model_validate(line) for line in lines],
    )


async def issue_license(
    tx: Transaction,
    submitted: ApplicationSubmitted,
    license_id: str,
    *,
    materials: Materials,
    issue_date: date,
    origin: Origin,
    now: Clock,
) -> None:
    """Issue to the applicant for the controlled items; names come from application.submitted."""
    issued = _issued_fact(submitted, license_id, materials, issue_date)
    data = _issued_data(submitted, issued)
    stream_id = license_stream(license_id)
    await append(tx, stream_id, license_id, [data], now=now(), origin=origin, expected_version=0)


class LicenseService:
    def __init__(self, store: EventStore, now: Clock) -> None:
        self._store = store
        self._now = now

    async def view(self, license_id: str) -> LicenseView:
        """The read model; an ACTIVE licence past its last valid day shows as EXPIRED."""
        table = projections.licenses
        async with self._store.reading() as conn:
            query = select(table).where(table.c.license_id == license_id)
            row = (await conn.execute(query)).first()
        if row is None:
            raise ProblemError(404, f"licence {license_id} is unknown")
        document = json.loads(row.document)
        status = lic.LicenseStatus(row.status)
        if status is lic.LicenseStatus.ACTIVE and today(self._now) > date.fromisoformat(
            row.valid_until
        ):
            status = lic.LicenseStatus.EXPIRED
        return LicenseView.model_validate(
            {
                **document,
                "license_id": row.license_id,
                "application_id": row.application_id,
                "kind": row.kind,
                "status": status,
                "lines": json.loads(row.lines),
            }
        )

    async def revoke(self, license_id: str, request: RevokeRequest, revoked_by: str) -> LicenseView:
        """409 when already revoked; a suspended or expired licence can still be revoked."""

        async def work(tx: Transaction) -> None:
            state, version = await load_license(tx, license_id)
            if state is None:
                raise ProblemError(404, f"licence {license_id} is unknown")
            try:
                new = lic.revoke(state, request.reason, revoked_by)
            except DomainError as exc:
                raise ProblemError(exc.status, str(exc)) from exc
            data = [facts.license_event(license_id, fact) for fact in new]
            await append(
                tx,
                license_stream(license_id),
                license_id,
                data,
                now=self._now(),
                origin=Origin.of_request(),
                expected_version=version,
            )

        await self._store.write(work)
        return await self.view(license_id)

    async def suspend_flagged(self, tx: Transaction, event: CloudEvent) -> None:
        """Suspend an ACTIVE licence whose party now matches a restricted list at block level."""
        flag = LicensePartyFlagged.model_validate(event.data)
        state, version = await load_license(tx, flag.license_id)
        if state is None:
            raise PoisonEvent(f"license.party_flagged names unknown licence {flag.license_id}")
        reason = (
            f"{flag.party_role} {flag.party_name} matches {flag.list_id} entry {flag.entry_id} "
            f"(score {flag.score:.2f}, list version {flag.list_version[:12]})"
        )
        new = lic.suspend(state, reason, flag.party_role, flag.list_id, flag.entry_id, flag.score)
        data = [facts.license_event(flag.license_id, fact) for fact in new]
        await append(
            tx,
            license_stream(flag.license_id),
            flag.license_id,
            data,
            now=self._now(),
            origin=Origin.of_trigger(event),
            expected_version=version,
        )
