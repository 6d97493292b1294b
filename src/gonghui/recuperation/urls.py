from django.urls import path, re_path

from gonghui.recuperation import views

app_name = "recuperation"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/version/", views.plan_new_version, name="plan_new_version"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="plan_complete"),
    path("plans/<int:pk>/batches/new/", views.batch_create, name="batch_create"),
    path("plans/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("plans/<int:pk>/run/", views.plan_run, name="plan_run"),
    path("plans/<int:pk>/publicity/", views.publicity, name="publicity"),
    path("plans/<int:pk>/invitations/", views.invitation_list, name="invitation_list"),
    path("plans/<int:pk>/invitations/expire/", views.invitations_expire, name="invitations_expire"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/input.json", views.run_input, name="run_input"),
    path("runs/<int:pk>/output.json", views.run_output, name="run_output"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("invitations/<int:pk>/confirm/", views.invitation_confirm, name="invitation_confirm"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("invitations/<int:pk>/needs/", views.need_edit, name="need_edit"),
    path("invitations/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/needs.<str:fmt>", views.batch_needs, name="batch_needs"),
    path("batches/<int:pk>/roster.<str:fmt>", views.batch_roster, name="batch_roster"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch_edit"),
    path("batches/<int:pk>/delete/", views.batch_delete, name="batch_delete"),
    # Only the known batch operations resolve: any other word is a 404, not a refused POST.
    re_path(
        rf"^batches/(?P<pk>[0-9]+)/(?P<action>{'|'.join(views.BATCH_ACTIONS)})/$",
        views.batch_action,
        name="batch_action",
    ),
    path("mine/", views.mine, name="mine"),
    path("mine/plans/<int:pk>/availability/", views.mine_availability, name="mine_availability"),
    path("mine/notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "mine/notifications/read-all/",
        views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("bases/", views.base_list, name="base_list"),
    path("bases/<int:pk>/edit/", views.base_edit, name="base_edit"),
    path("bases/<int:pk>/delete/", views.base_delete, name="base_delete"),
    path("exchanges/new/", views.exchange_create, name="exchange_create"),
    path("exchanges/<int:pk>/edit/", views.exchange_edit, name="exchange_edit"),
    path("inbound/", views.inbound_list, name="inbound_list"),
    path("outbound-groups/new/", views.outbound_create, name="outbound_create"),
    path("outbound-groups/<int:pk>/", views.outbound_detail, name="outbound_detail"),
    path("outbound-groups/<int:pk>/remove/", views.outbound_remove, name="outbound_remove"),
    path("report/", views.report, name="report"),
]
