"""The 四送 campaigns and their distribution lists (mounted at /relief/campaigns/).

Path parameters are named after their model (campaign_id, distributionlist_id,
distribution_id): the scope walk infers the model from them."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.relief import views_campaigns as views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("<int:campaign_id>/status/", views.campaign_status, name="campaign_status"),
    path("<int:campaign_id>/duplicates/", views.campaign_duplicates, name="campaign_duplicates"),
    path("<int:campaign_id>/unsigned/", views.campaign_unsigned, name="campaign_unsigned"),
    path("lists/<int:distributionlist_id>/", views.list_detail, name="list_detail"),
    path("lists/<int:distributionlist_id>/export/", views.list_export, name="list_export"),
    path(
        "lists/<int:distributionlist_id>/template/",
        views.list_import_template,
        name="list_template",
    ),
    *action_paths(
        "lists/<int:distributionlist_id>/{action}/",
        views.list_post,
        views.LIST_POSTS,
        "list_{action}",
    ),
    *action_paths(
        "lists/<int:distributionlist_id>/{action}/",
        views.list_step,
        views.LIST_STEPS,
        "list_{action}",
    ),
    path("items/<int:distribution_id>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:distribution_id>/resolve/", views.item_resolve, name="item_resolve"),
    path("items/<int:distribution_id>/receipt/", views.item_receipt, name="item_receipt"),
    path(
        "items/<int:distribution_id>/receipt/file/",
        views.item_receipt_file,
        name="item_receipt_file",
    ),
]
