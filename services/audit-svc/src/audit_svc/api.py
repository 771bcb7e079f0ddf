"""HTTP routes of audit-svc (auditor, admin): events, checkpoint, key, proofs, export. Thin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from audit_svc.checkpoints import Checkpointer, Signer
from audit_svc.service import AuditLog, ProofRangeError
from lodestone_runtime.auth import Caller, requires
from lodestone_runtime.problems import ProblemError

router = APIRouter(prefix="/v1/audit", tags=["audit"])
# Seqs and sizes fit a signed 64-bit column; larger numbers are refused as invalid input.
MAX_SEQ = 2**62
Auditor = Annotated[Caller, Depends(requires("auditor", "admin"))]


async def _audit(request: Request) -> AuditLog:
    audit: AuditLog = request.app.state.audit
    return audit


async def _checkpointer(request: Request) -> Checkpointer:
    checkpointer: Checkpointer = request.app.state.checkpointer
    return checkpointer


AuditDep = Annotated[AuditLog, Depends(_audit)]


@router.get("/events")
async def list_events(
    _caller: Auditor,
    audit: AuditDep,
    after: Annotated[int, Query(ge=-1, le=MAX_SEQ)] = -1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    type: Annotated[str | None, Query(max_length=100)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    entries = await audit.events(after, limit, type, subject)
    return {
        "events": [e.as_json() for e in entries],
        "next_after": entries[-1].seq if entries else after,
    }


@router.get("/events/{seq}")
async def get_event(
    seq: Annotated[int, Path(ge=0, le=MAX_SEQ)], _caller: Auditor, audit: AuditDep
) -> dict[str, Any]:
    entry = await audit.event(seq)
    if entry is None:
        raise ProblemError(404, f"no event at seq {seq}")
    return entry.as_json()


@router.get("/subjects/{subject}/events")
async def subject_events(
    subject: str,
    _caller: Auditor,
    audit: AuditDep,
    after: Annotated[int, Query(ge=-1, le=MAX_SEQ)] = -1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> dict[str, Any]:
    entries = await audit.events(after, limit, subject=subject)
    return {
        "events": [e.as_json() for e in entries],
        "next_after": entries[-1].seq if entries else after,
    }


@router.get("/checkpoint")
async def checkpoint(
    _caller: Auditor, checkpointer: Annotated[Checkpointer, Depends(_checkpointer)]
) -> dict[str, Any]:
    return await checkpointer.checkpoint_now()


@router.get("/public-key")
async def public_key(_caller: Auditor, request: Request) -> dict[str, str]:
    signer: Signer = request.app.state.signer
    return signer.public_key_document()


@router.get("/proofs/inclusion")
async def inclusion(
    _caller: Auditor,
    audit: AuditDep,
    seq: Annotated[int, Query(ge=0, le=MAX_SEQ)],
    tree_size: Annotated[int, Query(ge=1, le=MAX_SEQ)],
) -> dict[str, Any]:
    try:
        hashes = await audit.inclusion_proof(seq, tree_size)
    except ProofRangeError as exc:
        raise ProblemError(404, str(exc)) from exc
    return {"leaf_index": seq, "tree_size": tree_size, "hashes": [h.hex() for h in hashes]}


@router.get("/proofs/consistency")
async def consistency(
    _caller: Auditor,
    audit: AuditDep,
    first: Annotated[int, Query(ge=0, le=MAX_SEQ)],
    second: Annotated[int, Query(ge=0, le=MAX_SEQ)],
) -> dict[str, Any]:
    try:
        hashes = await audit.consistency_proof(first, second)
    except ProofRangeError as exc:
        raise ProblemError(404, str(exc)) from exc
    return {"first": first, "second": second, "hashes": [h.hex() for h in hashes]}


@router.get("/export")
async def export(
    _caller: Auditor, audit: AuditDep, after: Annotated[int, Query(ge=-1, le=MAX_SEQ)] = -1
) -> StreamingResponse:
    async def lines() -> AsyncIterator[str]:
        async for line in audit.export(after):
            yield line

    return StreamingResponse(lines(), media_type="application/x-ndjson")
