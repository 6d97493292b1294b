"""URLs of account management (用户管理), self-registration and the 权限说明 page."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
