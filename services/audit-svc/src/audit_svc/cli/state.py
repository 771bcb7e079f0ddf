"""Rebuilds an order, application, licence or green-channel entry as it stood at a seq.

Pure: folds the event dicts it is given; the command decides where they come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

State = dict[str, Any]
Event = dict[str, Any]

_ORDER_STATUS = {
    "order.received": "PENDING",
    "order.cleared": "CLEARED",
    "order.held": "HELD",
    "order.blocked": "BLOCKED",
    "order.released": "RELEASED",
    "order.rejected": "REJECTED",
}
_APPLICATION_STATUS = {
    "application.submitted": "SUBMITTED",
    "application.screened": "SCREENING",
    "application.review_started": "UNDER_REVIEW",
    "application.approved": "APPROVED",
    "application.rejected": "REJECTED",
}


def _fold_order(state: State, event_type: str, data: dict[str, Any]) -> None:
    if event_type == "order.received":
        state.update(data)
    elif event_type == "order.screened":
        state["screening"] = data["screening"]
    elif event_type in ("order.cleared", "order.held", "order.blocked"):
        state["decision"] = data["decision"]
    elif event_type in ("order.released", "order.rejected", "order.release_requested"):
        state["review"] = {k: data[k] for k in ("reviewer", "justification") if k in data}
    state["status"] = _ORDER_STATUS.get(event_type, state.get("status"))


def _fold_application(state: State, event_type: str, data: dict[str, Any]) -> None:
    if event_type == "application.submitted":
        state.update(data)
        state["approvals"] = []
    elif event_type == "application.screened":
        state["screening"] = data["screening"]
    elif event_type == "application.approval_recorded":
        state.setdefault("approvals", []).append(data)
    elif event_type == "application.approved":
        state["license_id"] = data["license_id"]
    state["status"] = _APPLICATION_STATUS.get(event_type, state.get("status"))


def _fold_license(state: State, event_type: str, data: dict[str, Any]) -> None:
    if event_type == "license.issued":
        state.update(data)
        state["status"] = "ACTIVE"
        state["lines"] = [{**line, "remaining_kg": line["quantity_kg"]} for line in data["lines"]]
        state["reservations"] = []
    elif event_type == "license.quantity_reserved":
        remaining = {r["line"]: r["remaining_kg"] for r in data["remaining"]}
        for line in state.get("lines", []):
            line["remaining_kg"] = remaining.get(line["line"], line["remaining_kg"])
        state.setdefault("reservations", []).append(data)
        if state.get("lines") and all(float(x["remaining_kg"]) <= 0 for x in state["lines"]):
            state["status"] = "EXHAUSTED"
    elif event_type == "license.revoked":
        state["status"] = "REVOKED"
        state["revocation"] = data
    elif event_type == "license.suspended":
        state["status"] = "SUSPENDED"
        state["suspension"] = data


def _fold_green_channel(state: State, event_type: str, data: dict[str, Any]) -> None:
    state.update(data)
    state["status"] = "GRANTED" if event_type == "green_channel.granted" else "REVOKED"


FOLDS: dict[str, Callable[[State, str, dict[str, Any]], None]] = {
    "order": _fold_order,
    "application": _fold_application,
    "license": _fold_license,
    "green_channel": _fold_green_channel,
}


def state_at(entries: Iterable[Event], at_seq: int) -> State | None:
    """Fold the logged entries ({seq, event}) of one subject up to and including `at_seq`."""
    state: State = {}
    for entry in sorted(entries, key=lambda e: int(e["seq"])):
        if int(entry["seq"]) > at_seq:
            break
        event = entry["event"]
        fold = FOLDS.get(str(event["type"]).partition(".")[0])
        if fold is None:
            continue
        fold(state, str(event["type"]), dict(event["data"]))
        state["as_of_seq"] = int(entry["seq"])
        state["version"] = state.get("version", 0) + 1
    return state or None
