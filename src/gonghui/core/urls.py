from django.urls import include, path

from gonghui.core import (
    views,
    views_audit,
    views_employer,
    views_home,
    views_membership,
    views_org,
    views_person,
)

app_name = "core"

urlpatterns = [
    path("", views_home.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.me, name="me"),
    # 组织机构
    path("orgs/", views_org.OrganizationListView.as_view(), name="organization_list"),
    path("orgs/tree/", views_org.org_tree_children, name="org_tree_children"),
    path("orgs/tree/search/", views_org.org_tree_search, name="org_tree_search"),
    path("orgs/<int:pk>/", views_org.organization_detail, name="organization_detail"),
    path("orgs/<int:pk>/add/", views_org.organization_create, name="organization_create"),
    path("orgs/<int:pk>/rename/", views_org.organization_rename, name="organization_rename"),
    path("orgs/<int:pk>/move/", views_org.organization_move, name="organization_move"),
    # 用人单位
    path("employers/", views_employer.EmployerListView.as_view(), name="employer_list"),
    path("employers/new/", views_employer.employer_create, name="employer_create"),
    path("employers/<int:pk>/", views_employer.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views_employer.employer_edit, name="employer_edit"),
    # 人员档案
    path("persons/", views_person.PersonListView.as_view(), name="person_list"),
    path("persons/new/", views_person.person_create, name="person_create"),
    path("persons/<int:pk>/", views_person.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views_person.person_edit, name="person_edit"),
    path("persons/<int:pk>/reveal/", views_person.person_reveal, name="person_reveal"),
    path("persons/<int:pk>/status/", views_person.person_set_status, name="person_set_status"),
    path(
        "persons/<int:pk>/transfer/", views_person.membership_transfer, name="membership_transfer"
    ),
    # 会员关系, 审计日志
    path("memberships/", views_membership.MembershipListView.as_view(), name="membership_list"),
    path("audit/", views_audit.AuditLogListView.as_view(), name="audit_list"),
    # Import wizard and background jobs live in their own module.
    path("", include("gonghui.core.urls_import")),
    path("", include("gonghui.core.urls_users")),
    path("", include("gonghui.core.urls_calendar")),
]
