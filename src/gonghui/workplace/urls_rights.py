"""Pages of 维权: mediation cases, safety inspections and their hazards, legal consultations.

Path parameters are named after their model (mediation_id, hazardevidence_id): the scope walk
infers the model from them."""

from django.urls import path

from gonghui.workplace import views_rights as views

urlpatterns = [
    path("mediations/", views.MediationListView.as_view(), name="mediation_list"),
    path("mediations/new/", views.mediation_new, name="mediation_new"),
    path("mediations/<int:mediation_id>/", views.mediation_detail, name="mediation_detail"),
    path("mediations/<int:mediation_id>/move/", views.mediation_move, name="mediation_move"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:inspection_id>/hazards/", views.hazard_add, name="hazard_add"),
    path("hazards/<int:hazard_id>/close/", views.hazard_close, name="hazard_close"),
    path("evidence/<int:hazardevidence_id>/", views.hazard_evidence, name="hazard_evidence"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
]
