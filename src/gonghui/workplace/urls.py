"""企业工作's pages, under /workplace/: each part's URL module, one namespace."""

from django.urls import include, path

app_name = "workplace"

urlpatterns = [
    path("", include("gonghui.workplace.urls_letters")),
    path("", include("gonghui.workplace.urls_figures")),
    path("", include("gonghui.workplace.urls_employers")),
    path("", include("gonghui.workplace.urls_organizing")),
    path("", include("gonghui.workplace.urls_service")),
    path("", include("gonghui.workplace.urls_rights")),
]
