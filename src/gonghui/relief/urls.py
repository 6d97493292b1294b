from django.urls import include, path

app_name = "relief"

# The ledger's, the campaigns' and the other 四送 activities' pages in their own modules; one
# namespace.
urlpatterns = [
    path("", include("gonghui.relief.urls_cases")),
    path("campaigns/", include("gonghui.relief.urls_campaigns")),
    path("activities/", include("gonghui.relief.urls_activities")),
]
