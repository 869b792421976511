"""Template tags for the inquiry group's ratings on commitment pages and the
tracker: look up what a Board (consult/commitments/rating_selectors.py)
shows for one commitment or change."""

from __future__ import annotations

from django import template

from ..commitments import ratings
from ..commitments.rating_selectors import Board

register = template.Library()


@register.simple_tag
def commitment_rating(board: Board | None, pk: int) -> ratings.Shown | None:
    return board.commitment(pk) if board is not None else None


@register.simple_tag
def change_rating(board: Board | None, pk: int) -> ratings.Shown | None:
    return board.change(pk) if board is not None else None
