from hypothesis import given
from hypothesis import strategies as st

from screening_svc.domain.normalise import normalise, sound_key, tokens


def test_legal_forms_case_and_punctuation_are_dropped() -> None:
    assert normalise("ANGLO-CARIBBEAN CO., LTD.") == "anglo caribbean"
    assert normalise("Société Générale S.A.") == "societe generale"


def test_multi_word_legal_forms_are_dropped() -> None:
    assert tokens("Joint Stock Company 140 Repair Plant") == ["140", "repair", "plant"]
    assert normalise("Limited Liability Company Vega") == "vega"


def test_cyrillic_is_transliterated_to_latin() -> None:
    assert normalise("Рособоронэкспорт") == "rosoboroneksport"


def test_a_name_of_only_legal_words_keeps_them() -> None:
    assert normalise("Company Limited") == "company limited"


def test_sound_key_merges_transliteration_variants_of_long_words_only() -> None:
    assert sound_key("khassan") == sound_key("hassan")
    assert sound_key("npp") != sound_key("nnp")


@given(st.text())
def test_normalisation_is_idempotent(name: str) -> None:
    once = normalise(name)
    assert normalise(once) == once
