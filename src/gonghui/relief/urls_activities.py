"""金秋助学, 夏送清凉, 春送岗位, the figures and the 专项审计 view (mounted at /relief/activities/).

Path parameters are named after their model (studentgrant_id, campaign_id): the scope walk
infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.relief import views_activities as views
from gonghui.relief.selectors_figures import FIGURES

urlpatterns = [
    path("grants/", views.GrantListView.as_view(), name="grant_list"),
    path("grants/apply/", views.grant_apply, name="grant_apply"),
    path("grants/<int:studentgrant_id>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:studentgrant_id>/letter/", views.grant_letter, name="grant_letter"),
    *action_paths(
        "grants/<int:studentgrant_id>/{action}/",
        views.grant_action,
        views.GRANT_ACTIONS,
        "grant_{action}",
    ),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views.site_new, name="site_new"),
    path("fairs/", views.FairListView.as_view(), name="fair_list"),
    path("fairs/new/", views.fair_new, name="fair_new"),
    path("figures/", views.figures_page, name="figures"),
    *[
        path(f"figures/{key}/", views.FigureRowsView.as_view(), {"key": key}, name=f"figure_{key}")
        for key in FIGURES
    ],
    path("audit/<int:campaign_id>/", views.campaign_audit_page, name="campaign_audit"),
    path(
        "audit/<int:campaign_id>/export/",
        views.campaign_audit_export,
        name="campaign_audit_export",
    ),
]
