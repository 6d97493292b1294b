"""Pages of the 企业台账 (employers, the review queue, 企业工作设置) in the workplace namespace.

Path parameters are named after their model (employer_id, mergereview_id, budget_id): the scope
walk infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.workplace import views_employers as views

urlpatterns = [
    path("employers/", views.EmployerListView.as_view(), name="employer_list"),
    path("employers/needs/", views.employer_needs, name="employer_needs"),
    path("employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    path("reviews/<int:mergereview_id>/", views.review_detail, name="review_detail"),
    *action_paths(
        "reviews/<int:mergereview_id>/{action}/",
        views.review_action,
        views.REVIEW_ACTIONS,
        "review_{action}",
    ),
    path("settings/", views.settings, name="settings"),
    path("settings/budget/", views.budget_save, name="budget_save"),
    path("settings/budget/<int:budget_id>/delete/", views.budget_delete, name="budget_delete"),
]
