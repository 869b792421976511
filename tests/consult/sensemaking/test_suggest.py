"""The pure suggester: same texts, same groups; tiny inputs never crash;
top words and representatives make sense on a crafted corpus."""

import pytest

from consult.sensemaking.suggest import choose_k_range, suggest_groups

CORPUS = [
    (1, "The day centre closed and I do not go out any more"),
    (2, "I miss the day centre and my friends there"),
    (3, "The day centre minibus is the only way I get out"),
    (4, "Our day centre gives me a reason to get up"),
    (5, "I want my own front door and my own home"),
    (6, "Living in my own home with people I know"),
    (7, "A home of my own near my family"),
    (8, "Moving to a care home would end my home life"),
    (9, "Too many different carers, nobody knows me"),
    (10, "Different carers every week, different carers each day"),
    (11, "Different carers come at different times"),
    (12, "I never know which of the different carers will come"),
]


def _by_id(groups):
    return {i: n for n, g in enumerate(groups) for i in g.ids}


def test_crafted_corpus_falls_into_its_three_topics():
    groups = suggest_groups(CORPUS)
    assert len(groups) == 3
    where = _by_id(groups)
    assert where[1] == where[2] == where[3] == where[4]
    assert where[5] == where[6] == where[7] == where[8]
    assert where[9] == where[10] == where[11] == where[12]
    assert len({where[1], where[5], where[9]}) == 3


def test_top_words_say_what_each_group_is_about():
    groups = suggest_groups(CORPUS)
    where = _by_id(groups)
    assert groups[where[1]].top_words[0] == "day centre"
    assert groups[where[5]].top_words[0] == "home"
    assert groups[where[9]].top_words[0] == "different carers"
    # A word pair replaces its single words: "day" alone would add nothing.
    assert "day" not in groups[where[1]].top_words
    assert groups[where[1]].label.startswith("Day centre")


def test_representatives_are_members_nearest_the_centre_first():
    for group in suggest_groups(CORPUS):
        assert group.representative_ids
        assert set(group.representative_ids) <= set(group.ids)
        assert len(group.representative_ids) <= 3
    # Checked against the same sums done here: the findings in order of
    # cosine closeness to the group's mean vector.
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from consult.sensemaking.suggest import WORD_PATTERN

    vectors = (
        TfidfVectorizer(
            stop_words="english",
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=WORD_PATTERN,
        )
        .fit_transform([t for _, t in CORPUS])
        .toarray()
    )
    row = {i: vectors[n] for n, (i, _) in enumerate(CORPUS)}
    for group in suggest_groups(CORPUS):
        centre = np.mean([row[i] for i in group.ids], axis=0)
        nearest = sorted(
            group.ids, key=lambda i: (-round(float(row[i] @ centre), 6), i)
        )
        assert group.representative_ids == nearest[:3]


def test_the_same_texts_always_give_the_same_groups():
    first = suggest_groups(CORPUS)
    assert all(suggest_groups(CORPUS) == first for _ in range(3))
    # Order of input does not change the groups either.
    assert {tuple(g.ids) for g in suggest_groups(CORPUS[::-1])} == {
        tuple(g.ids) for g in first
    }


@pytest.mark.parametrize(
    "items, expected",
    [
        ([], []),
        ([(1, "")], []),
        ([(1, "   ")], []),
        ([(7, "Help me get a job")], [[7]]),
        ([(1, "the and of"), (2, "it is")], [[1, 2]]),  # only stop words
        ([(1, "123 456"), (2, "!!!")], [[1, 2]]),  # no words at all
        ([(1, "cats purr"), (2, "dogs bark")], [[1, 2]]),
        ([(1, "same words"), (2, "same words"), (3, "same words")], [[1, 2, 3]]),
    ],
)
def test_tiny_inputs_give_one_group_or_none(items, expected):
    assert [g.ids for g in suggest_groups(items)] == expected


def test_every_finding_is_in_exactly_one_group():
    items = [(i, text) for i, text in CORPUS] + [(99, "Something else entirely")]
    ids = [i for g in suggest_groups(items) for i in g.ids]
    assert sorted(ids) == sorted(i for i, _ in items)


def test_progress_is_reported_up_to_100():
    seen = []
    suggest_groups(CORPUS, on_progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 100


@pytest.mark.parametrize(
    "n, expected",
    [(0, []), (1, []), (3, []), (4, [2]), (9, [2, 3, 4]), (60, list(range(2, 9)))],
)
def test_k_range_keeps_at_least_two_findings_a_group(n, expected):
    assert list(choose_k_range(n)) == expected
