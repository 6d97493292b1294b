from django.urls import path

from gonghui.core.web import action_paths
from gonghui.mutual_aid import views, views_payments

app_name = "mutual_aid"

# Path parameters are named after their model (claim pk, enrollment_id, contribution_id,
# paymentbatch_id, claimdocument_id, aidplan_id): the scope walk (tests/core/test_scope_walk.py)
# infers the model from them.
urlpatterns = [
    path("", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/link/<int:enrollment_id>/", views.claim_link, name="claim_link"),
    path("claims/<int:pk>/bank/", views.claim_bank, name="claim_bank"),
    *action_paths("claims/<int:pk>/{action}/", views.claim_action, views.ACTIONS, "claim_{action}"),
    path("enrollments/", views.EnrollmentListView.as_view(), name="enrollment_list"),
    path("enrollments/new/", views.enrollment_new, name="enrollment_new"),
    path("enrollments/<int:enrollment_id>/", views.enrollment_detail, name="enrollment_detail"),
    path(
        "enrollments/<int:enrollment_id>/cancel/",
        views.enrollment_cancel,
        name="enrollment_cancel",
    ),
    path("documents/<int:claimdocument_id>/", views.claim_document, name="claim_document"),
    path("bills/", views.BillListView.as_view(), name="bill_list"),
    path("bills/new/", views.bill_new, name="bill_new"),
    path("bills/<int:contribution_id>/", views.bill_detail, name="bill_detail"),
    path("payments/", views.payments, name="payments"),
    path("payments/new/", views.batch_new, name="batch_new"),
    path("payments/from-claims/", views_payments.batch_from_claims, name="batch_from_claims"),
    path("payments/budgets/", views.budgets, name="budgets"),
    path("payments/<int:paymentbatch_id>/", views.batch_detail, name="batch_detail"),
    path("payments/<int:paymentbatch_id>/export/", views.batch_export, name="batch_export"),
    path("payments/<int:paymentbatch_id>/paid/", views.batch_paid, name="batch_paid"),
    path("payments/<int:paymentbatch_id>/edit/", views.batch_edit, name="batch_edit"),
    path("payments/<int:paymentbatch_id>/remove/", views.batch_remove, name="batch_remove"),
    path("stats/", views.stats, name="stats"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:aidplan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:aidplan_id>/close/", views.plan_close, name="plan_close"),
    path("mine/", views.mine, name="mine"),
    path("progress/", views.progress, name="progress"),
]
