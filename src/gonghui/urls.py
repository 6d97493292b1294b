from django.urls import include, path

from gonghui.api import api

urlpatterns = [
    path("api/", api.urls),
    path("honors/", include("gonghui.honors.urls")),
    path("recuperation/", include("gonghui.recuperation.urls")),
    path("mutual-aid/", include("gonghui.mutual_aid.urls")),
    path("", include("gonghui.core.urls")),
]
