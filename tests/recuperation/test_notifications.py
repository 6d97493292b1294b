"""In-app notifications on “我的疗休养”: unread count, mark one read, mark all read."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from gonghui.recuperation.models import Notification


def _notices(person, n: int) -> list[Notification]:
    return [
        Notification.objects.create(person=person, title=f"疗休养通知{i}", body=f"第{i}条内容")
        for i in range(n)
    ]


def _member(rw) -> Client:
    c = Client()
    c.force_login(rw.w.hanbin_member)
    return c


def test_the_page_shows_how_many_notifications_are_unread(rw):
    _notices(rw.w.hanbin_person, 3)
    page = _member(rw).get(reverse("recuperation:mine")).content.decode()
    assert "3条未读" in page and "全部标为已读" in page
    assert page.count(">标为已读</button>") == 3


def test_marking_one_notification_read(rw):
    first, second = _notices(rw.w.hanbin_person, 2)
    c = _member(rw)
    r = c.post(reverse("recuperation:notification_read", args=[first.pk]), follow=True)
    page = r.content.decode()
    assert "已将“疗休养通知0”标为已读" in page and "1条未读" in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_all_read_leaves_no_unread_and_no_button(rw):
    _notices(rw.w.hanbin_person, 3)
    other = _notices(rw.people[1], 1)[0]
    r = _member(rw).post(reverse("recuperation:notifications_read_all"), follow=True)
    page = r.content.decode()
    assert "已将3条通知标为已读" in page and "全部已读" in page and "全部标为已读" not in page
    assert not Notification.objects.filter(person=rw.w.hanbin_person, read_at__isnull=True)
    other.refresh_from_db()
    assert other.read_at is None  # someone else's notice is untouched


def test_nobody_can_mark_another_persons_notification(rw):
    other = _notices(rw.people[1], 1)[0]
    # Another member: not theirs (404); staff: marking read is a 职工本人 action (403).
    for user, status in ((rw.w.hanbin_member, 404), (rw.w.city_admin, 403)):
        c = Client()
        c.force_login(user)
        url = reverse("recuperation:notification_read", args=[other.pk])
        assert c.post(url).status_code == status
    other.refresh_from_db()
    assert other.read_at is None
