"""The rubric builder's pages; mounted at ``org/<slug:slug>/rubrics/``."""

from django.urls import path

from rubrics import views

app_name = "rubrics"

urlpatterns = [
    path("", views.rubric_index, name="index"),
    path("new/", views.rubric_create, name="create"),
    path("templates/<slug:key>/", views.rubric_from_template, name="from_template"),
    path("<int:pk>/", views.rubric_detail, name="detail"),
    path("<int:pk>/edit/", views.rubric_edit, name="edit"),
    path("<int:pk>/delete/", views.rubric_delete, name="delete"),
]
