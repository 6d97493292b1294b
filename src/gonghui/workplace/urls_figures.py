"""Pages of the figures part (filled by its views)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
