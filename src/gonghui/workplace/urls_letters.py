"""Pages of 一函两书 (mounted at /workplace/letters/).

Path parameters are named after their model (letter_id): the scope walk infers the model."""

from django.urls import path

from gonghui.core.web import action_paths
from gonghui.workplace import views_letters as views

urlpatterns = [
    path("letters/", views.LetterListView.as_view(), name="letter_list"),
    path("letters/new/", views.letter_create, name="letter_create"),
    path("letters/<int:letter_id>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    *action_paths(
        "letters/<int:letter_id>/{action}/",
        views.letter_action,
        views.LETTER_ACTIONS,
        "letter_{action}",
    ),
]
