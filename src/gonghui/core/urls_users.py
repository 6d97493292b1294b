"""URLs of account management (用户管理), self-registration and the 权限说明 page."""

from django.urls import path

from gonghui.core import views_users

urlpatterns = [
    path("users/", views_users.UserListView.as_view(), name="user_list"),
    path("users/new/", views_users.user_create, name="user_create"),
    path("users/new-worker/", views_users.user_create_worker, name="user_create_worker"),
    path("users/<int:pk>/", views_users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views_users.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/activate/", views_users.user_activate, name="user_activate"),
    path("users/<int:pk>/unlock/", views_users.user_unlock, name="user_unlock"),
    path(
        "users/<int:pk>/reset-password/",
        views_users.user_reset_password,
        name="user_reset_password",
    ),
    path("login-history/", views_users.LoginHistoryView.as_view(), name="login_history"),
    path("permissions/", views_users.permission_list, name="permission_list"),
    path("password/", views_users.password_change, name="password_change"),
    path("register/", views_users.register, name="register"),
]
