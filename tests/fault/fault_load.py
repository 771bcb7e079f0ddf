"""Load for the fault suite: seeded order mixes posted by concurrent ERP clients that retry.

Key rule: a client whose POST failed mid-flight retries with the same Idempotency-Key and body,
so an order counts as accepted once any attempt got a 2xx, and is recorded under one order id.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from lodestone_system import RunningSystem

EXPORTER = {"id": "exp-fault", "name": "Baotou Export Co"}
CONSIGNEE = {"name": "Fault Motors GmbH", "country": "DE"}
NEODYMIUM = {"Nd": 0.3, "Fe": 0.65}
DYSPROSIUM = {"Dy": 0.8, "O": 0.2}
# kind -> (composition, end-use category, licensed); weights give the mix of the load.
KINDS: dict[str, tuple[dict[str, float], str, bool]] = {
    "uncontrolled": (NEODYMIUM, "automotive", False),
    "uncontrolled-held": (NEODYMIUM, "nuclear", False),
    "uncontrolled-blocked": (NEODYMIUM, "military", False),
    "controlled": (DYSPROSIUM, "automotive", True),
    "controlled-held": (DYSPROSIUM, "nuclear", True),
}
WEIGHTS = (40, 5, 5, 45, 5)


def _item(composition: dict[str, float], kg: int) -> dict[str, Any]:
    return {
        "line": 1,
        "description": "rare-earth oxide",
        "hs_code": "284690",
        "form": "oxide",
        "composition": composition,
        "quantity_kg": kg,
    }


def application_body(applicant: str, kg: int) -> dict[str, Any]:
    """A fast-track application: screening clears it and license-svc issues at once."""
    return {
        "applicant": {
            "id": applicant,
            "name": "Baotou Rare Earth",
            "country": "CN",
            "military_manufacturer": False,
        },
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": CONSIGNEE,
        "end_use": {"category": "automotive", "description": "traction motors"},
        "destination": "DE",
        "items": [_item(DYSPROSIUM, kg)],
    }


def order_body(
    erp_order_id: str, kind: str, kg: int, license_id: str | None = None
) -> dict[str, Any]:
    composition, category, licensed = KINDS[kind]
    body: dict[str, Any] = {
        "erp_order_id": erp_order_id,
        "exporter": EXPORTER,
        "consignee": CONSIGNEE,
        "end_user": CONSIGNEE,
        "end_use": {"category": category, "description": "magnets for motors"},
        "destination": "DE",
        "ship_date": (datetime.now(UTC).date() + timedelta(days=30)).isoformat(),
        "items": [_item(composition, kg)],
    }
    if licensed:
        body["license_id"] = license_id
    return body


def issue_licence(
    system: RunningSystem, kg: int, applicant: str | None = None, within: float = 30
) -> str:
    """Apply (fast track, or green channel for a listed applicant) and wait until APPROVED."""
    applicant = applicant or f"applicant-{uuid.uuid4().hex[:8]}"
    with system.client("license-svc", "applicant", applicant) as http:
        response = http.post("/v1/applications", json=application_body(applicant, kg))
        assert response.status_code == 202, response.text
        application_id = response.json()["application_id"]
        deadline = time.monotonic() + within
        while (found := http.get(f"/v1/applications/{application_id}").json())[
            "status"
        ] != "APPROVED":
            assert time.monotonic() < deadline, (
                f"application never approved: {found}\n{system.warnings()}"
            )
            time.sleep(0.1)
    return str(found["license_id"])


@dataclass(frozen=True)
class PlannedOrder:
    key: str  # Idempotency-Key
    kind: str
    body: dict[str, Any]


def plan_orders(rng: random.Random, count: int, licences: list[str]) -> list[PlannedOrder]:
    """A seeded mix of order kinds; controlled orders draw 1..20 kg from one of the licences."""
    run = f"{rng.getrandbits(32):08x}"
    planned = []
    for i in range(count):
        kind = rng.choices(list(KINDS), weights=WEIGHTS)[0]
        body = order_body(f"FAULT-{run}-{i:05d}", kind, rng.randint(1, 20), rng.choice(licences))
        planned.append(PlannedOrder(f"fault-{run}-{i:05d}", kind, body))
    return planned


@dataclass
class LoadResult:
    accepted: dict[str, str] = field(default_factory=dict)  # idempotency key -> order id
    kinds: dict[str, str] = field(default_factory=dict)  # order id -> kind
    failed: dict[str, str] = field(default_factory=dict)  # key -> last error, never accepted
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def done(self) -> int:
        with self.lock:
            return len(self.accepted) + len(self.failed)


def _post_until_accepted(
    http: httpx.Client, order: PlannedOrder, deadline: float, result: LoadResult
) -> None:
    last = ""
    while time.monotonic() < deadline:
        try:
            response = http.post(
                "/v1/orders", json=order.body, headers={"Idempotency-Key": order.key}
            )
        except httpx.TransportError as exc:  # killed mid-flight or restarting: same key again
            last = repr(exc)
        else:
            if response.status_code in (200, 202):
                with result.lock:
                    result.accepted[order.key] = response.json()["order_id"]
                    result.kinds[response.json()["order_id"]] = order.kind
                return
            assert response.status_code >= 500, (
                f"{order.key}: {response.status_code} {response.text}"
            )
            last = f"{response.status_code} {response.text[:200]}"
        with result.lock:
            result.retries += 1
        time.sleep(0.2)
    with result.lock:
        result.failed[order.key] = last


def post_load(
    system: RunningSystem,
    orders: list[PlannedOrder],
    *,
    clients: int = 6,
    within: float = 300,
    result: LoadResult | None = None,
) -> LoadResult:
    """Post every order from `clients` threads; each keeps retrying until `within` seconds pass."""
    result = result or LoadResult()
    deadline = time.monotonic() + within
    token = system.token("erp", "erp-fault")
    shares = [orders[i::clients] for i in range(clients)]

    def client(share: list[PlannedOrder]) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=system.url("screening-svc"), headers=headers, timeout=30) as h:
            for order in share:
                _post_until_accepted(h, order, deadline, result)

    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client, share) for share in shares]:
            future.result()
    return result


class FaultInjector(threading.Thread):
    """Fires `fault(i)` once progress passes thresholds[i], so every fault lands inside the load."""

    def __init__(
        self, progress: Callable[[], int], thresholds: list[int], fault: Callable[[int], None]
    ) -> None:
        super().__init__(name="fault-injector", daemon=True)
        self._progress = progress
        self._thresholds = thresholds
        self._fault = fault
        self._halt = threading.Event()
        self.fired = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for i, threshold in enumerate(self._thresholds):
                while self._progress() < threshold:
                    if self._halt.wait(0.02):
                        return
                self._fault(i)
                self.fired += 1
        except BaseException as exc:  # reported by finish(), on the test's thread
            self.error = exc

    def finish(self, within: float = 120) -> int:
        """Stop waiting for thresholds the load never reached; re-raise a failed fault."""
        self._halt.set()
        self.join(within)
        assert not self.is_alive(), "the fault injector is stuck"
        if self.error is not None:
            raise AssertionError(f"fault {self.fired} failed: {self.error!r}") from self.error
        return self.fired
