"""URLs of the 节假日安排 pages (calendar/…)."""

from django.urls import path

from gonghui.core import views_calendar

urlpatterns = [
    path("calendar/", views_calendar.calendar_list, name="calendar_list"),
    path("calendar/<int:year>/", views_calendar.calendar_detail, name="calendar_detail"),
    path("calendar/<int:year>/edit/", views_calendar.calendar_edit, name="calendar_edit"),
    path("calendar/<int:year>/delete/", views_calendar.calendar_delete, name="calendar_delete"),
]
