"""The use cases of screening-svc, built once on the open store and shared by API and consumers.

Each use case lives in its own module: orders, order_reviews, order_decisions, lists, parties,
applications, rescreening.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestone_runtime.store import EventStore
from screening_svc.applications import ApplicationScreening
from screening_svc.lists import ListService
from screening_svc.order_decisions import OrderDecisions
from screening_svc.order_reviews import ReviewService
from screening_svc.orders import OrderService
from screening_svc.parties import PartyScreening
from screening_svc.rescreening import Rescreening
from screening_svc.screener import Screener
from screening_svc.settings import Settings
from screening_svc.streams import Clock
from screening_svc.translation import material_catalog


@dataclass(frozen=True)
class ScreeningServices:
    screener: Screener
    orders: OrderService
    reviews: ReviewService
    decisions: OrderDecisions
    lists: ListService
    parties: PartyScreening
    applications: ApplicationScreening
    rescreening: Rescreening


def build_services(store: EventStore, now: Clock, settings: Settings) -> ScreeningServices:
    screener = Screener(
        material_catalog(settings.catalog_version),
        block=settings.block_threshold,
        review=settings.review_threshold,
    )
    lists = ListService(store, now, screener)
    return ScreeningServices(
        screener=screener,
        orders=OrderService(store, now, screener),
        reviews=ReviewService(store, now, screener),
        decisions=OrderDecisions(now, screener),
        lists=lists,
        parties=PartyScreening(screener),
        applications=ApplicationScreening(now, screener),
        rescreening=Rescreening(now, screener, lists.sync),
    )
