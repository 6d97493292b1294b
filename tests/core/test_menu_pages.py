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


def test_only_the_most_specific_menu_entry_is_marked_current(world):
    client = Client()
    client.force_login(world.city_admin)
    body = client.get(reverse("honors:holidays")).content.decode()
    current = [
        label
        for _section, items in MENU
        for label, name, _pred in items
        if f'href="{_reverse(name)}" aria-current="page"' in body
    ]
    assert current == ["节日走访"]


def _reverse(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return "-"
