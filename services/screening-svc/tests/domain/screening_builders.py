"""Small builders for screening domain tests."""

from collections.abc import Mapping, Sequence
from datetime import date

from screening_svc.domain.matching import ListedParty, PartyIndex
from screening_svc.domain.model import Application, EndUse, Item, Order, Party
from screening_svc.domain.rules import ScreeningContext


def item(line: int = 1, composition: Mapping[str, float] | None = None, kg: float = 10.0) -> Item:
    return Item(line, "NdFeB magnet", "850511", "magnet", composition or {"Nd": 0.3}, kg)


def smco_magnet(line: int = 1, kg: float = 25.0) -> Item:
    return item(line, {"Sm": 0.25, "Co": 0.6}, kg)


def dysprosium_oxide(line: int = 1, kg: float = 5.0) -> Item:
    return item(line, {"Dy": 0.8, "O": 0.2}, kg)


def order(
    items: Sequence[Item] = (),
    consignee: str = "Acme Motors GmbH",
    end_user: str = "Acme Motors GmbH",
    category: str = "automotive",
    description: str = "electric vehicle traction motors",
    license_id: str | None = None,
) -> Order:
    return Order(
        "ord-1",
        "exp-1",
        "Exporter Ltd",
        Party(consignee, "DE"),
        Party(end_user, "DE"),
        EndUse(category, description),
        "DE",
        date(2025, 7, 1),
        license_id,
        tuple(items) or (item(),),
    )


def application(
    consignee: str = "Acme Motors GmbH",
    category: str = "automotive",
    description: str = "electric vehicle traction motors",
    items: Sequence[Item] = (),
) -> Application:
    return Application(
        "app-1",
        False,
        Party(consignee, "DE"),
        Party(consignee, "DE"),
        EndUse(category, description),
        "DE",
        tuple(items) or (item(),),
    )


RESTRICTED = (
    ListedParty("sdn", "306", "BANCO NACIONAL DE CUBA", ("BNC",), "CU"),
    ListedParty("sdn", "900", "ROSOBORONEXPORT", ("Рособоронэкспорт",), "RU"),
    ListedParty("sdn", "901", "NORTHWEST RARE METALS TRADING CO., LTD.", (), "CN"),
    ListedParty("sdn", "902", "ABU MARZOOK, Mousa Mohammed", (), None),
    ListedParty("un", "7001", "SHANDONG HUAXIN MAGNET INDUSTRY", (), "CN"),
)


def index(parties: Sequence[ListedParty] = RESTRICTED) -> PartyIndex:
    return PartyIndex(parties)


def context(parties: Sequence[ListedParty] = RESTRICTED) -> ScreeningContext:
    return ScreeningContext(index=index(parties), list_versions={"un": "v2", "sdn": "v1"})
