"""A participatory budgeting election as plain data: options, the pot, ballots.

Ballots are held grouped (identical ballots once, with how many people cast
them) because real elections repeat ballots a lot and every rule here works
on groups. Nothing in this module needs Django.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

VoteType = Literal["approval", "cumulative", "ordinal"]
VOTE_TYPES: tuple[str, ...] = ("approval", "cumulative", "ordinal")

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key putting "9" before "10" (natural order), used in every tie-break."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(text)
        if part
    )


@dataclass(frozen=True)
class Project:
    """One option (a support model, or a pabulib project): cost in whole pounds."""

    id: str
    name: str
    cost: int
    meta: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class BallotGroup:
    """Identical ballots: the points given to each option, and how many cast it.

    ``points`` keeps the order the voter gave (it matters for ordinal ballots);
    approval ballots give 1 point to each approved option. ``voter_ids`` and
    ``voter_meta`` (one mapping per voter, e.g. district) are kept for export.
    """

    points: Mapping[str, int]
    count: int
    voter_ids: tuple[str, ...] = ()
    voter_meta: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class BallotSet:
    """All ballots of an election, grouped. Iterating gives ``(points, count)``."""

    groups: tuple[BallotGroup, ...]
    voter_fields: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[tuple[Mapping[str, int], int]]:
        for group in self.groups:
            yield group.points, group.count

    def __len__(self) -> int:
        return len(self.groups)

    @property
    def num_voters(self) -> int:
        return sum(group.count for group in self.groups)

    @classmethod
    def from_ballots(
        cls,
        ballots: Iterable[Mapping[str, int]],
        voter_ids: Sequence[str] | None = None,
        voter_meta: Sequence[Mapping[str, str]] | None = None,
        voter_fields: Sequence[str] = (),
        ordered: bool = False,
    ) -> BallotSet:
        """Group identical ballots: same points for the same options (and, when
        ``ordered``, as for ordinal ballots, in the same order)."""
        index: dict[tuple | frozenset, int] = {}
        points_of: list[dict[str, int]] = []
        counts: list[int] = []
        ids: list[list[str]] = []
        metas: list[list[Mapping[str, str]]] = []
        for number, ballot in enumerate(ballots):
            # a frozenset of (option, points) pairs is the unordered ballot,
            # without sorting each one (100,000 sorts on a big file)
            key = tuple(ballot.items()) if ordered else frozenset(ballot.items())
            slot = index.get(key)
            if slot is None:
                slot = index[key] = len(points_of)
                points_of.append(dict(ballot))
                counts.append(0)
                ids.append([])
                metas.append([])
            counts[slot] += 1
            ids[slot].append(voter_ids[number] if voter_ids else str(number))
            if voter_meta is not None:
                metas[slot].append(voter_meta[number])
        return cls(
            groups=tuple(
                BallotGroup(
                    points=points_of[i],
                    count=counts[i],
                    voter_ids=tuple(ids[i]),
                    voter_meta=tuple(metas[i]),
                )
                for i in range(len(points_of))
            ),
            voter_fields=tuple(voter_fields),
        )


@dataclass(frozen=True)
class Election:
    """The pot (``budget``, whole pounds), the options and the grouped ballots."""

    budget: int
    projects: tuple[Project, ...]
    vote_type: VoteType
    ballots: BallotSet
    meta: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(
                f"Vote type {self.vote_type!r} is not supported: "
                f"use one of {', '.join(VOTE_TYPES)}."
            )
        ids = [project.id for project in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("Two options have the same id.")
        known = set(ids)
        for points, _count in self.ballots:
            for project_id, value in points.items():
                if project_id not in known:
                    raise ValueError(f"A ballot names option {project_id!r}, unknown.")
                if value < 0:
                    raise ValueError("A ballot gives negative points.")

    @classmethod
    def from_ballots(
        cls,
        budget: int,
        projects: Iterable[Project],
        vote_type: VoteType,
        ballots: Iterable[Mapping[str, int]],
        meta: Mapping[str, str] | None = None,
    ) -> Election:
        """Build an election from one mapping per voter: option id -> points.

        Approval ballots give 1 point to each approved option."""
        return cls(
            budget=int(budget),
            projects=tuple(projects),
            vote_type=vote_type,
            ballots=BallotSet.from_ballots(ballots, ordered=vote_type == "ordinal"),
            meta=dict(meta or {}),
        )

    @property
    def num_voters(self) -> int:
        return self.ballots.num_voters

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    def fingerprint(self) -> str:
        """A hash of everything that decides results: a cache key that changes
        whenever the pot, an option's cost or any ballot changes."""
        digest = hashlib.sha256()
        digest.update(f"{self.budget}|{self.vote_type}\n".encode())
        for project in sorted(self.projects, key=lambda p: natural_key(p.id)):
            digest.update(f"{project.id}|{project.cost}\n".encode())
        for key in sorted(
            f"{tuple(points.items())!r}|{count}" for points, count in self.ballots
        ):
            digest.update(key.encode())
            digest.update(b"\n")
        return digest.hexdigest()
