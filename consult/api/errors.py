"""Plain-words errors for the API, each a JSON object with a `detail` message
(and the `parameter` at fault for a bad query parameter)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import APIException


class BadParameter(APIException):
    """A query parameter with a value we cannot use: 400, naming it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__({"detail": message, "parameter": parameter})


def choice_param(params: dict[str, str], name: str, choices: list[str]) -> str | None:
    """The parameter's value if it is one of `choices`, None if absent."""
    value = params.get(name)
    if value is None:
        return None
    if value not in choices:
        raise BadParameter(
            name, f"{name} must be one of: {', '.join(choices)}. You sent {value!r}."
        )
    return value


def bool_param(params: dict[str, str], name: str) -> bool | None:
    """true or false (any case); None if absent."""
    value = params.get(name)
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered not in {"true", "false"}:
        raise BadParameter(name, f"{name} must be true or false. You sent {value!r}.")
    return lowered == "true"
