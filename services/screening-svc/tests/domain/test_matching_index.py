import random

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from screening_svc.domain.blocking import (
    BLOCKING_WORDS,
    CANDIDATE_CAP,
    SCARCE_POSTINGS,
    Group,
    Postings,
    select,
)
from screening_svc.domain.matching import ListedParty, PartyIndex
from screening_svc.domain.scoring import QueryScorer, name_similarity, token_similarity


def party(entry_id: str, name: str, *aliases: str) -> ListedParty:
    return ListedParty("l", entry_id, name, aliases)


def crowded_index(size: int = 300) -> PartyIndex:
    """Many names sharing "metals", of different lengths, so the candidate cap cuts."""
    rng = random.Random(5)
    words = ["alpha", "borax", "cobalt", "dynamo", "ember", "ferrite", "garnet", "helix"]
    parties = [
        party(f"{n:04d}", " ".join(["metals", *rng.sample(words, rng.randint(0, 4))]))
        for n in range(size)
    ]
    return PartyIndex([*parties, party("x", "SINO BRIGHT TRADING"), party("y", "OKTYABRSKIY")])


def test_a_glued_spelling_finds_the_entry_written_in_two_words() -> None:
    found = crowded_index().search("Sinobright Trading")
    assert [m.entry_id for m in found] == ["x"]


def test_a_token_two_edits_away_is_still_found() -> None:
    found = crowded_index().search("Oktbrsky", min_score=0.5)
    assert [m.entry_id for m in found] == ["y"]


def test_candidates_are_the_names_sharing_most_weight_as_if_every_name_were_ranked() -> None:
    built = crowded_index()
    groups = built._groups(("metals", "cobalt", "helix"))
    postings: Postings = built._postings
    everyone = set().union(*(postings.names(g) for g in groups))

    def share(nid: int) -> tuple[float, int]:
        held = sum(g.idf for g in groups if nid in postings.names(g))
        total = sum(g.idf for g in groups)
        return (-held / (total + postings.weights[nid]), nid)

    assert select(postings, groups) == sorted(everyone, key=share)[:CANDIDATE_CAP]


def test_only_common_words_keep_candidates_within_the_cap() -> None:
    built = crowded_index()
    group = Group(1.0, (built.vocabulary.ids["metals"],), 3000)
    assert len(select(built._postings, [group])) <= CANDIDATE_CAP


def plentiful_postings() -> tuple[Postings, list[Group]]:
    """Many light names hold "hong" and "kong" (ids 0, 1); the heaviest also holds "kedo"."""
    count = SCARCE_POSTINGS + 50
    everyone = list(range(count))
    postings = Postings([everyone, everyone, [count - 1]], [3.0] * (count - 1) + [12.0])
    groups = [Group(10.0, (2,), 1), Group(8.0, (0,), count), Group(8.0, (1,), count)]
    return postings, groups


def test_a_scarce_word_keeps_the_weight_of_plentiful_words_it_shares_a_name_with() -> None:
    postings, groups = plentiful_postings()
    chosen = select(postings, groups)
    assert chosen[0] == SCARCE_POSTINGS + 49
    assert len(chosen) == CANDIDATE_CAP


def test_a_query_longer_than_the_blocking_words_with_a_typo_finds_its_entry() -> None:
    words = "federal state budgetary institution of science kurchatov physics energy"
    long_name = f"{words} institute of nuclear research moscow russia"
    built = PartyIndex([*crowded_index().parties, party("z", long_name)])
    query = long_name.replace("kurchatov", "kurchtaov").upper()
    assert len(query.split()) > BLOCKING_WORDS
    assert [m.entry_id for m in built.search(query)] == ["z"]


def test_bulk_scoring_equals_the_reference_similarity() -> None:
    built = crowded_index()
    query = ("metals", "kobalt", "dynamo", "sino", "bright")
    scorer = QueryScorer(query, built.weight)
    names = built._names
    scorer.prepare(names)
    for name in names:
        assert scorer.score(name) == name_similarity(query, name.words, built.weight)


@given(st.text("abcdefgh", min_size=1, max_size=9), st.text("abcdefgh", min_size=1, max_size=9))
def test_word_similarity_is_never_below_osa_similarity(a: str, b: str) -> None:
    assert token_similarity(a, b) >= OSA.normalized_similarity(a, b) - 1e-12
