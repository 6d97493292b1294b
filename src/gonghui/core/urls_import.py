"""URLs of the import wizard and background jobs (import/…, jobs/…)."""

from django.urls import path

from gonghui.core import views_import

urlpatterns = [
    path("import/", views_import.import_start, name="import_start"),
    path("import/template/<slug:key>/", views_import.import_template, name="import_template"),
    path("import/<int:pk>/confirm/", views_import.import_confirm, name="import_confirm"),
    path(
        "import/<int:pk>/errors.xlsx", views_import.import_error_report, name="import_error_report"
    ),
    path("jobs/", views_import.job_list, name="job_list"),
    path("jobs/<int:pk>/", views_import.job_detail, name="job_detail"),
]
