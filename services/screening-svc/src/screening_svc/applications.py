"""Screens licence applications for license-svc: the order rules minus the licence rules and
MILITARY_USE_MATERIAL (a military-use element picks the lane instead).

Key rule: application.screened copies the submitted lane, so it travels on the same topic.
"""

from __future__ import annotations

from lodestone_contracts.envelope import CloudEvent
from lodestone_contracts.events.application import ApplicationScreened, ApplicationSubmitted
from lodestone_runtime.origin import Origin
from lodestone_runtime.store import Transaction
from screening_svc.domain.rules import decide_application
from screening_svc.screener import Screener
from screening_svc.streams import Clock, append, application_screening_stream
from screening_svc.translation import application_from_submitted, decision_data


class ApplicationScreening:
    def __init__(self, now: Clock, screener: Screener) -> None:
        self._now = now
        self._screener = screener

    async def screen(self, tx: Transaction, event: CloudEvent) -> None:
        """application.submitted -> application.screened."""
        submitted = ApplicationSubmitted.model_validate(event.data)
        decision = decide_application(
            application_from_submitted(submitted), self._screener.context()
        )
        now = self._now()
        screened = ApplicationScreened(
            application_id=submitted.application_id,
            lane=submitted.lane,
            screening=decision_data(decision, now),
        )
        ident = submitted.application_id
        await append(
            tx,
            application_screening_stream(ident),
            ident,
            [screened],
            now=now,
            origin=Origin.of_trigger(event),
        )
