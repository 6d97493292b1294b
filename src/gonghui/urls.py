from django.urls import include, path

from gonghui.api import api

urlpatterns = [
    path("api/", api.urls),
    path("honors/", include("gonghui.honors.urls")),
    path("recuperation/", include("gonghui.recuperation.urls")),
    path("mutual-aid/", include("gonghui.mutual_aid.urls")),
    path("", include("gonghui.core.urls")),
]

# Chinese error pages in the site's frame (used whenever DEBUG is off, i.e. by default).
handler400 = "gonghui.core.security.bad_request"
handler403 = "gonghui.core.security.permission_denied"
handler404 = "gonghui.core.security.page_not_found"
handler500 = "gonghui.core.security.server_error"
