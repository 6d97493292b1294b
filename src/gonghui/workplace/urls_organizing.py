"""建会攻坚, 建会走访, 建会记录, 集中入会 and 党工共建示范点 (mounted at /workplace/).

Path parameters are named after their model (drive_id, drivetarget_id, joinevent_id,
demosite_id): the scope walk infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.workplace import views_organizing as views
from gonghui.workplace import views_sites

urlpatterns = [
    path("drives/", views.DriveListView.as_view(), name="drive_list"),
    path("drives/new/", views.drive_new, name="drive_new"),
    path("drives/<int:drive_id>/", views.drive_detail, name="drive_detail"),
    path("drives/<int:drive_id>/edit/", views.drive_edit, name="drive_edit"),
    path("drives/<int:drive_id>/targets/", views.drive_targets_add, name="drive_targets_add"),
    *action_paths(
        "drives/<int:drive_id>/{action}/", views.drive_action, views.DRIVE_ACTIONS, "drive_{action}"
    ),
    path(
        "drive-targets/<int:drivetarget_id>/remove/",
        views.drive_target_remove,
        name="drive_target_remove",
    ),
    path("organizing-visits/", views.VisitListView.as_view(), name="organizing_visit_list"),
    path("organizing-visits/new/", views.visit_new, name="organizing_visit_new"),
    path("foundings/", views.FoundingListView.as_view(), name="founding_list"),
    path("foundings/new/", views.founding_new, name="founding_new"),
    path("join-events/", views.JoinEventListView.as_view(), name="join_event_list"),
    path("join-events/new/", views.join_event_new, name="join_event_new"),
    path("join-events/<int:joinevent_id>/", views.join_event_detail, name="join_event_detail"),
    path("sites/", views_sites.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views_sites.site_new, name="site_new"),
    path("sites/<int:demosite_id>/", views_sites.site_detail, name="site_detail"),
    *action_paths(
        "sites/<int:demosite_id>/{action}/",
        views_sites.site_action,
        views_sites.SITE_ACTIONS,
        "site_{action}",
    ),
]
