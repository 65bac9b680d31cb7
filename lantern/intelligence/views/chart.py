"""The intelligence pages: chart (URL patterns below, included by lantern/intelligence/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
