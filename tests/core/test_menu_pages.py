"""Every menu item a role is shown opens a working page for that role."""

import logging

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from gonghui.core.context_processors import MENU

ROLES = ["city_admin", "hanbin_officer", "hanbin_chair", "auditor", "hanbin_member"]


def menu_urls_shown(body: str) -> list[tuple[str, str]]:
    shown = []
    for _section, items in MENU:
        for label, name, _pred in items:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            if f'href="{url}"' in body:
                shown.append((label, url))
    return shown


@pytest.mark.parametrize("role", ROLES)
def test_each_menu_item_shown_to_a_role_opens(world, settings, role):
    settings.JOBS_BACKEND = "sync"
    logging.disable(logging.WARNING)
    try:
        client = Client()
        client.force_login(getattr(world, role))
        home = client.get("/")
        assert home.status_code == 200
        shown = menu_urls_shown(home.content.decode())
        assert shown, "the menu shows nothing"
        broken = [(label, url, client.get(url).status_code) for label, url in shown]
        assert [b for b in broken if b[2] != 200] == []
    finally:
        logging.disable(logging.NOTSET)
