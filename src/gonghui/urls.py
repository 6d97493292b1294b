from django.urls import include, path

from gonghui.api import api
from gonghui.core.kit import url_mounts

# Every domain's pages at the prefix its AppConfig declares (core.kit); the root last.
urlpatterns = [
    path("api/", api.urls),
    *(path(prefix, include(module)) for prefix, module in url_mounts()),
]

# Chinese error pages in the site's frame (used whenever DEBUG is off, i.e. by default).
handler400 = "gonghui.core.security.bad_request"
handler403 = "gonghui.core.security.permission_denied"
handler404 = "gonghui.core.security.page_not_found"
handler500 = "gonghui.core.security.server_error"
