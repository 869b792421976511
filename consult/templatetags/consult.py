"""Template filters for the consultation pages."""

from decimal import Decimal

from django import template

from ..money import format_pounds, plain_pounds

register = template.Library()


@register.filter
def pounds(amount: Decimal | int | float | None) -> str:
    return "" if amount is None else format_pounds(amount)


@register.filter
def plain_money(amount: Decimal | int | float | None) -> str:
    return "" if amount is None else plain_pounds(amount)
