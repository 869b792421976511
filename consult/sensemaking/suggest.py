"""Suggested groups of findings, from their words alone (pure: no ORM).

TF-IDF over words and word pairs (English stop words dropped), then k-means
on the normalised vectors, trying a few sizes of k and keeping the one whose
groups are most clearly apart (silhouette, cosine). Deterministic: the same
texts always give the same groups. These are suggestions for a person to
accept, rename, merge or reject; nothing here assigns a theme."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

MAX_GROUPS = 8
TOP_WORDS = 5
REPRESENTATIVES = 3
RANDOM_STATE = 0
# Words of two letters or more, starting with a letter: numbers and stray
# symbols say nothing about what a finding is about.
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SuggestedGroup:
    """Ids of the findings in the group, its top words (most telling first)
    and the ids of the findings nearest its centre (most typical first)."""

    ids: list[int]
    top_words: list[str]
    representative_ids: list[int]

    @property
    def label(self) -> str:
        """A name to start from: the top three words."""
        words = ", ".join(self.top_words[:3])
        return (words[:1].upper() + words[1:])[:120] if words else "Other findings"


def choose_k_range(n: int, max_groups: int = MAX_GROUPS) -> range:
    """The group counts worth trying for n findings: at least 2 findings a
    group on average, at most max_groups, and fewer groups than findings."""
    upper = min(max_groups, n // 2, n - 1)
    return range(2, upper + 1) if upper >= 2 else range(0)


def suggest_groups(
    items: Sequence[tuple[int, str]],
    *,
    max_groups: int = MAX_GROUPS,
    top_words: int = TOP_WORDS,
    representatives: int = REPRESENTATIVES,
    on_progress: Progress | None = None,
) -> list[SuggestedGroup]:
    """Groups for (id, text) pairs, biggest group first. Too few findings, or
    findings with no telling words, give one group or none, never an error."""
    report = on_progress or (lambda percent: None)
    items = [(i, t) for i, t in items if t and t.strip()]
    if not items:
        report(100)
        return []
    ids = [i for i, _ in items]
    vectorizer = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=WORD_PATTERN,
    )
    try:
        matrix = vectorizer.fit_transform([t for _, t in items])
    except ValueError:  # only stop words, numbers or symbols: nothing to go on
        report(100)
        return [SuggestedGroup(ids=ids, top_words=[], representative_ids=ids[:1])]
    vocabulary = vectorizer.get_feature_names_out()
    dense = matrix.toarray()
    report(10)

    labels = _best_labels(dense, max_groups, report)
    groups = []
    for label in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == label)
        groups.append(
            _describe(rows, dense, ids, vocabulary, top_words, representatives)
        )
    groups.sort(key=lambda g: (-len(g.ids), min(g.ids)))
    report(100)
    return groups


def _best_labels(dense: np.ndarray, max_groups: int, report: Progress) -> np.ndarray:
    n = dense.shape[0]
    distinct = len({row.tobytes() for row in dense})
    candidates = [k for k in choose_k_range(n, max_groups) if k <= distinct - 1]
    best_labels = np.zeros(n, dtype=int)
    best_score = -1.0
    for done, k in enumerate(candidates, start=1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            labels = KMeans(
                n_clusters=k, n_init=10, random_state=RANDOM_STATE
            ).fit_predict(dense)
        if len(set(labels.tolist())) > 1:
            score = float(silhouette_score(dense, labels, metric="cosine"))
            # A strictly better score wins, so ties keep the smaller k.
            if score > best_score + 1e-9:
                best_score, best_labels = score, labels
        report(10 + int(80 * done / len(candidates)))
    return best_labels


def _describe(
    rows: np.ndarray,
    dense: np.ndarray,
    ids: list[int],
    vocabulary: np.ndarray,
    top_words: int,
    representatives: int,
) -> SuggestedGroup:
    members = dense[rows]
    centre = members.mean(axis=0)
    # A telling word is weighty and shared: weight times the share of the
    # group's findings that use it. A word pair must be in two findings or
    # more (when the group has two), or it is one person's phrase.
    present = (members > 0).sum(axis=0)
    score = centre * present / len(rows)
    pair_floor = min(2, len(rows))
    ranked = sorted(
        (
            i
            for i in np.flatnonzero(score > 0)
            if " " not in vocabulary[i] or present[i] >= pair_floor
        ),
        key=lambda i: (-score[i], vocabulary[i]),  # ties by the word: stable
    )
    words: list[str] = []
    for index in ranked:
        term = str(vocabulary[index])
        if _covered(term, words):
            continue
        # A word pair says more than either word alone: it replaces them.
        parts = set(term.split())
        words = [w for w in words if not (" " not in w and w in parts)]
        words.append(term)
        if len(words) == top_words:
            break
    norm = np.linalg.norm(centre)
    closeness = members @ centre / norm if norm else np.zeros(len(rows))
    # Rounded, so findings equally close are ordered by id, not by float noise.
    closeness = np.round(closeness, 9)
    order = sorted(range(len(rows)), key=lambda r: (-closeness[r], ids[rows[r]]))
    return SuggestedGroup(
        ids=sorted(ids[r] for r in rows),
        top_words=words,
        representative_ids=[ids[rows[r]] for r in order[:representatives]],
    )


def _covered(term: str, chosen: list[str]) -> bool:
    """A word already said by a chosen word pair adds nothing."""
    return any(term in pair.split() for pair in chosen if " " in pair) or term in chosen
