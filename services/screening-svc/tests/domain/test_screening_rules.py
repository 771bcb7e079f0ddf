from hypothesis import given
from hypothesis import strategies as st
from screening_builders import application, context, dysprosium_oxide, item, order, smco_magnet

from screening_svc.domain.model import DEFAULT_CATALOG, Decision, Outcome, Reason
from screening_svc.domain.rules import (
    combine,
    decide_application,
    decide_order,
    order_license_lines,
)


def codes(decision: Decision) -> list[str]:
    return [r.code for r in decision.reasons]


def test_plain_civil_order_is_cleared() -> None:
    decision = decide_order(order(), context())
    assert (decision.outcome, decision.reasons) == (Outcome.CLEARED, ())


def test_restricted_consignee_is_blocked() -> None:
    decision = decide_order(order(consignee="Banco Nacional de Cuba S.A."), context())
    assert decision.outcome == Outcome.BLOCKED
    reason = decision.reasons[0]
    assert (reason.code, reason.party, reason.entry_id, reason.list_id) == (
        "RESTRICTED_PARTY",
        "consignee",
        "306",
        "sdn",
    )


def test_possible_party_match_is_held() -> None:
    decision = decide_order(order(end_user="Banco Nacional Cuba"), context())
    assert codes(decision) == ["POSSIBLE_PARTY_MATCH"]
    assert decision.outcome == Outcome.HELD
    assert decision.reasons[0].party == "end_user"


def test_military_category_is_blocked() -> None:
    decision = decide_order(order(category="defense", description="parts"), context())
    assert (decision.outcome, codes(decision)) == (Outcome.BLOCKED, ["MILITARY_END_USE"])


def test_review_category_is_held() -> None:
    decision = decide_order(order(category="nuclear", description="reactor"), context())
    assert (decision.outcome, codes(decision)) == (Outcome.HELD, ["END_USE_REVIEW"])


def test_military_words_in_description_are_held_whatever_case_and_accents() -> None:
    decision = decide_order(order(description="Guidance kits for MISSILES and drônes"), context())
    assert codes(decision) == ["END_USE_REVIEW"]
    assert "drones, guidance, missiles" in decision.reasons[0].message


def test_military_words_match_whole_words_only() -> None:
    assert decide_order(order(description="armory of spare radiators"), context()).reasons == ()


def test_controlled_item_without_licence_is_blocked() -> None:
    decision = decide_order(order(items=[item(), dysprosium_oxide(line=2)]), context())
    assert codes(decision) == ["LICENSE_REQUIRED"]
    assert decision.reasons[0].item_line == 2


def test_trace_of_controlled_element_below_threshold_needs_no_licence() -> None:
    trace = item(composition={"Nd": 0.3, "Dy": 0.0009})
    assert decide_order(order(items=[trace]), context()).outcome == Outcome.CLEARED


def test_samarium_order_without_licence_is_blocked_as_military_material() -> None:
    decision = decide_order(order(items=[smco_magnet()]), context())
    assert codes(decision) == ["MILITARY_USE_MATERIAL", "LICENSE_REQUIRED"]


def test_samarium_order_with_licence_is_left_to_license_svc() -> None:
    decision = decide_order(order(items=[smco_magnet()], license_id="lic-1"), context())
    assert decision.outcome == Outcome.CLEARED


def test_application_ignores_licence_and_material_rules() -> None:
    decision = decide_application(application(items=[smco_magnet()]), context())
    assert decision.outcome == Outcome.CLEARED


def test_application_with_restricted_consignee_is_blocked() -> None:
    decision = decide_application(application(consignee="ROSOBORONEXPORT JSC"), context())
    assert codes(decision) == ["RESTRICTED_PARTY", "RESTRICTED_PARTY"]


def test_every_finding_is_kept_and_the_most_severe_wins() -> None:
    decision = decide_order(
        order(items=[smco_magnet()], category="other", description="radar housings"), context()
    )
    assert decision.outcome == Outcome.BLOCKED
    assert codes(decision) == ["END_USE_REVIEW", "MILITARY_USE_MATERIAL", "LICENSE_REQUIRED"]


def test_licence_lines_list_controlled_items_only() -> None:
    lines = order_license_lines(
        order(items=[dysprosium_oxide(line=2), item(line=1)]), DEFAULT_CATALOG
    )
    assert lines == [{"line": 2, "form": "magnet", "elements": ["Dy"], "quantity_kg": 5.0}]


def test_combine_takes_the_most_severe_and_orders_licence_reasons() -> None:
    screening = decide_order(order(category="other", description="x"), context())
    late = [
        Reason("LICENSE_QUANTITY_EXCEEDED", "short", item_line=2),
        Reason("LICENSE_MISMATCH", "form", item_line=1),
    ]
    final = combine(screening, late)
    assert final.outcome == Outcome.BLOCKED
    assert codes(final) == ["END_USE_REVIEW", "LICENSE_MISMATCH", "LICENSE_QUANTITY_EXCEEDED"]
    assert combine(screening, reversed(late)) == final


def test_same_inputs_give_byte_identical_decisions() -> None:
    first = decide_order(order(items=[smco_magnet()], consignee="BNC"), context())
    second = decide_order(order(items=[smco_magnet()], consignee="BNC"), context())
    assert repr(first.to_dict()) == repr(second.to_dict())
    assert list(first.to_dict()["list_versions"]) == ["sdn", "un"]
    assert Decision.from_dict(first.to_dict()) == first


def test_reason_dict_has_stable_keys_and_no_nulls() -> None:
    reason = Reason("LICENSE_REQUIRED", "m", item_line=3)
    assert list(reason.to_dict()) == ["code", "message", "item_line"]
    assert Reason.from_dict(reason.to_dict()) == reason


CODES = [
    "RESTRICTED_PARTY",
    "POSSIBLE_PARTY_MATCH",
    "END_USE_REVIEW",
    "LICENSE_REQUIRED",
    "MILITARY_END_USE",
    "LICENSE_MISMATCH",
]


@given(st.lists(st.sampled_from(CODES)))
def test_blocked_beats_held_beats_cleared(found: list[str]) -> None:
    decision = Decision.from_findings([Reason(c, c) for c in found], "2025.06")
    outcomes = {Reason(c, c).outcome() for c in found}
    expected = (
        Outcome.BLOCKED
        if Outcome.BLOCKED in outcomes
        else Outcome.HELD
        if Outcome.HELD in outcomes
        else Outcome.CLEARED
    )
    assert decision.outcome == expected
    assert len(decision.reasons) == len(found)
