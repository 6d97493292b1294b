from django.urls import path

from gonghui.core.web import action_paths
from gonghui.honors import views
from gonghui.honors.views.visits import visit_batch_assign

app_name = "honors"

# Each button of a detail page posts to its own route (visits/<pk>/record/ …) so that each POST
# route performs one action of the permission table (`route_action` reads the `action` kwarg).
urlpatterns = [
    path("", views.RegistryListView.as_view(), name="registry"),
    path("workers/<int:person_pk>/", views.worker_detail, name="worker_detail"),
    path("workers/<int:person_pk>/event/", views.worker_event, name="worker_event"),
    path("workers/<int:person_pk>/status/", views.worker_status, name="worker_status"),
    path("workers/<int:person_pk>/move/", views.worker_move, name="worker_move"),
    path("workers/<int:person_pk>/bank/", views.worker_bank, name="worker_bank"),
    path("honors/", views.HonorListView.as_view(), name="honor_list"),
    path("honors/new/", views.honor_create, name="honor_create"),
    path("honors/<int:pk>/revoke/", views.honor_revoke, name="honor_revoke"),
    path("honor-types/", views.HonorTypeListView.as_view(), name="honor_type_list"),
    path("honor-types/new/", views.honor_type_create, name="honor_type_create"),
    path("honor-types/<int:pk>/", views.honor_type_edit, name="honor_type_edit"),
    path("honor-types/<int:pk>/delete/", views.honor_type_delete, name="honor_type_delete"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/assign/", visit_batch_assign, name="visit_batch_assign"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    *action_paths(
        "visits/<int:pk>/{action}/", views.visit_action, views.VISIT_ACTIONS, "visit_{action}"
    ),
    path("visits/holidays/", views.holidays, name="holidays"),
    path("visits/holidays/generate/", views.holiday_generate, name="holiday_generate"),
    path("visits/figures/", views.visit_figures, name="visit_figures"),
    path("subsidies/", views.SubsidyListView.as_view(), name="subsidy_list"),
    path("subsidies/compute/", views.subsidy_compute, name="subsidy_compute"),
    path("subsidies/<int:pk>/", views.subsidy_detail, name="subsidy_detail"),
    *action_paths(
        "subsidies/<int:pk>/{action}/",
        views.subsidy_action,
        views.SUBSIDY_ACTIONS,
        "subsidy_{action}",
    ),
    path("subsidies/<int:pk>/sheet/", views.subsidy_sheet, name="subsidy_sheet"),
    path("subsidies/standards/", views.standards, name="standards"),
    path("rules/", views.year_rules, name="rules"),
    path("demands/", views.DemandListView.as_view(), name="demand_list"),
    path("demands/new/", views.demand_create, name="demand_create"),
    path("demands/<int:pk>/", views.demand_detail, name="demand_detail"),
    *action_paths(
        "demands/<int:pk>/{action}/", views.demand_action, views.DEMAND_ACTIONS, "demand_{action}"
    ),
    path("demands/<int:pk>/letter/", views.demand_letter, name="demand_letter"),
    path("roster/", views.roster, name="roster"),
    path("my/", views.my, name="my"),
]
