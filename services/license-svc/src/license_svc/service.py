"""The use cases of license-svc, built once on the open store and shared by the API and consumers.

Each use case lives in its own module (applications, licenses, reservations, green_channel).
"""

from __future__ import annotations

from dataclasses import dataclass

from license_svc.applications import ApplicationService
from license_svc.commands import Clock
from license_svc.facts import materials
from license_svc.green_channel import GreenChannelService
from license_svc.licenses import LicenseService
from license_svc.reservations import ReservationService
from lodestone_contracts.catalog import DEFAULT_VERSION
from lodestone_runtime.store import EventStore


@dataclass(frozen=True)
class LicenseServices:
    applications: ApplicationService
    licenses: LicenseService
    reservations: ReservationService
    green_channel: GreenChannelService


def build_services(
    store: EventStore, now: Clock, catalog_version: str = DEFAULT_VERSION
) -> LicenseServices:
    catalog = materials(catalog_version)
    return LicenseServices(
        applications=ApplicationService(store, now, catalog),
        licenses=LicenseService(store, now),
        reservations=ReservationService(store, now, catalog),
        green_channel=GreenChannelService(store, now),
    )
