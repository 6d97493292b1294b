"""Token authentication for the API (tokens are stored hashed)."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja.security import HttpBearer

if TYPE_CHECKING:
    from gonghui.core.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from gonghui.core.models_api import ApiToken

        return ApiToken.authenticate(token)


def api_user(request: HttpRequest) -> "User":
    """The user an API request authenticated as (token or session)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
