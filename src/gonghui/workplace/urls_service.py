"""Pages of 劳模工匠助企行 (企业点单 and 技术服务分队) in the workplace namespace.

Path parameters are named after their model (need_id, squad_id, squadmember_id): the scope walk
infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.workplace import views_service as views

urlpatterns = [
    path("needs/", views.NeedListView.as_view(), name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:need_id>/", views.need_detail, name="need_detail"),
    *action_paths(
        "needs/<int:need_id>/{action}/", views.need_action, views.NEED_ACTIONS, "need_{action}"
    ),
    path("squads/", views.SquadListView.as_view(), name="squad_list"),
    path("squads/new/", views.squad_create, name="squad_create"),
    path("squads/<int:squad_id>/", views.squad_detail, name="squad_detail"),
    path("squads/<int:squad_id>/edit/", views.squad_edit, name="squad_edit"),
    path("squads/<int:squad_id>/members/add/", views.squad_member_add, name="squad_member_add"),
    path(
        "squads/members/<int:squadmember_id>/remove/",
        views.squad_member_remove,
        name="squad_member_remove",
    ),
]
