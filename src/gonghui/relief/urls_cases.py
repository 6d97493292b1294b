"""The ledger's pages (困难职工档案, 年度复核, 困难认定标准, 我的困难帮扶) in the relief namespace.

Path parameters are named after their model (case_id, recheck_id, householdmember_id,
casedocument_id): the scope walk infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.relief import views_cases as views

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case_edit"),
    *action_paths(
        "cases/<int:case_id>/{action}/", views.case_action, views.CASE_ACTIONS, "case_{action}"
    ),
    path(
        "members/<int:householdmember_id>/reveal/",
        views.member_reveal,
        name="member_reveal",
    ),
    path("documents/<int:casedocument_id>/", views.case_document, name="case_document"),
    path("rechecks/", views.RecheckListView.as_view(), name="recheck_list"),
    path("rechecks/generate/", views.recheck_generate, name="recheck_generate"),
    path("rechecks/<int:recheck_id>/", views.recheck_complete, name="recheck_complete"),
    path("settings/", views.settings, name="settings"),
    path("mine/", views.mine, name="mine"),
    path("mine/apply/", views.mine_apply, name="mine_apply"),
]
