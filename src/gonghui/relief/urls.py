from django.urls import include, path

app_name = "relief"

# The ledger's pages and the campaigns' pages live in their own modules; one namespace.
urlpatterns = [
    path("", include("gonghui.relief.urls_cases")),
    path("campaigns/", include("gonghui.relief.urls_campaigns")),
]
