"""Token authentication for the API (tokens are stored hashed)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from gonghui.core.models_api import ApiToken

        return ApiToken.authenticate(token)
