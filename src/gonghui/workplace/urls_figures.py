"""企业工作统计 and its workbook (mounted at /workplace/)."""

from django.urls import path

from gonghui.workplace import views_figures as views

urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("figures/export/", views.figures_export, name="figures_export"),
]
