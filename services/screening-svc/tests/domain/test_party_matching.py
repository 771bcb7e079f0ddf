from screening_builders import index

from screening_svc.domain.matching import ListedParty, PartyIndex, brute_force_search


def best(name: str, country: str | None = None) -> tuple[str, float]:
    found = index().search(name, country, limit=1, min_score=0.0)
    return (found[0].entry_id, found[0].score) if found else ("", 0.0)


def test_spelling_variant_matches() -> None:
    assert best("Banco Nacinal de Cuba")[0] == "306"
    assert best("Banco Nacinal de Cuba")[1] >= 0.92


def test_reordered_words_match_fully() -> None:
    assert best("Mousa Mohammed Abu Marzook") == ("902", 1.0)


def test_dropped_and_added_legal_forms_do_not_matter() -> None:
    assert best("Northwest Rare Metals Trading") == ("901", 1.0)
    assert best("Shandong Huaxin Magnet Industry Co., Ltd.") == ("7001", 1.0)


def test_alias_matches() -> None:
    assert best("BNC") == ("306", 1.0)


def test_transliterated_name_matches() -> None:
    assert best("Рособоронекспорт")[0] == "900"
    assert best("Рособоронекспорт")[1] >= 0.9


def test_clearly_different_name_stays_clear() -> None:
    assert index().search("Acme Motors GmbH", "DE") == []
    assert index().search("Banco Nacional de Venezuela") == []


def test_one_shared_word_is_not_a_match() -> None:
    assert index().search("Cuba Trading Company") == []


def test_a_different_country_lowers_the_score() -> None:
    assert best("Banco Nacinal de Cuba", "CU")[1] > best("Banco Nacinal de Cuba", "ES")[1]


def test_one_match_per_entry_best_first() -> None:
    parties = [
        ListedParty("l", "1", "ALPHA METALS", ("ALPHA METAL",)),
        ListedParty("l", "2", "ALPHA METALL"),
    ]
    found = PartyIndex(parties).search("Alpha Metals", min_score=0.5)
    assert [m.entry_id for m in found] == ["1", "2"]
    assert found[0].score >= found[1].score


def test_brute_force_agrees_with_the_index() -> None:
    built = index()
    assert brute_force_search(built, "Banco Nacinal de Cuba") == built.search(
        "Banco Nacinal de Cuba"
    )


def test_search_is_deterministic_whatever_the_entry_order() -> None:
    forward = index().search("Metals Trading", min_score=0.0)
    backward = PartyIndex(list(reversed(index().parties))).search("Metals Trading", min_score=0.0)
    assert forward == backward
