"""Pages of the letters part (filled by its views)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
