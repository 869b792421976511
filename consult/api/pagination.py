"""Pages of 20 by default; `page_size` asks for up to 100 (more is cut to 100,
not refused); a page past the end is "not found"."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from .errors import BadParameter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"How many results a page holds: 1 to {MAX_PAGE_SIZE} (default "
        f"{DEFAULT_PAGE_SIZE}). A larger number gets {MAX_PAGE_SIZE}."
    )
    page_query_description = "Which page: 1 for the first (the default), or last."
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "There is no page {page_number}: {message}"

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paged = super().get_paginated_response_schema(schema)
        example = "https://coproduce.example/api/v1/inquiries/?page="
        properties = paged["properties"]
        properties["count"].update(example=45, description="How many items in all.")
        properties["next"].update(
            example=f"{example}3", description="The next page's address, or null."
        )
        properties["previous"].update(
            example=f"{example}1",
            description="The previous page's address, or null.",
        )
        if isinstance(properties["results"], dict):  # not drf-spectacular's probe
            properties["results"]["description"] = "The items on this page."
        return paged

    def get_schema_operation_parameters(self, view: object) -> list[dict]:
        """State in the schema what the views accept, so clients (and the
        schemathesis fuzzing in tests/consult/api/test_fuzz_api.py) know: a
        page is a number from 1 or "last"; a page size is from 1 (larger
        numbers are accepted and cut to the maximum, so no maximum is stated)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {
                    "oneOf": [
                        {"type": "integer", "minimum": 1},
                        {"type": "string", "enum": list(self.last_page_strings)},
                    ]
                }
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        # ASCII digits only, as for page: int() would also take "٣" or " 5".
        size = int(value) if value.isascii() and value.isdigit() else 0
        if size < 1:
            raise BadParameter(
                self.page_size_query_param,
                f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}. "
                f"You sent {value!r}.",
            )
        return min(size, self.max_page_size)

    def get_page_number(self, request: Request, paginator):  # type: ignore[no-untyped-def]
        # An empty page= is refused like any other value that is not a page,
        # as the schema says, rather than quietly taken for page 1.
        value = request.query_params.get(self.page_query_param, "1")
        if value not in self.last_page_strings and not (
            value.isascii() and value.isdigit()
        ):
            raise BadParameter(
                self.page_query_param,
                f"page must be a whole number, 1 or more, or last. You sent {value!r}.",
            )
        return super().get_page_number(request, paginator)
