"""职工互助保障 API (django-ninja router mounted at /api/mutual-aid/ by gonghui.api)."""

from ninja import Router
from ninja.security import django_auth

from gonghui.core.api_auth import TokenAuth

router = Router(tags=["职工互助保障"], auth=[TokenAuth(), django_auth])
