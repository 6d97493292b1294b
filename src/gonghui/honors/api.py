"""劳模服务 API (django-ninja router mounted at /api/honors/ by gonghui.api)."""

from ninja import Router
from ninja.security import django_auth

from gonghui.core.api_auth import TokenAuth

router = Router(tags=["劳模服务"], auth=[TokenAuth(), django_auth])
