"""The API's one permission: reading. Writes never get this far (see
consult.api.views.ReadOnlyAPIView); this is the safety net for any view that
forgets to use it."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class ReadOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS
