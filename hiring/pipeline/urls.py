"""The team's pipeline pages (compare, one application, its moves, notes and reveal);
``hiring.urls`` mounts them in the ``hiring`` namespace beside the role pages."""

from django.urls import path

from hiring.pipeline import views

urlpatterns = [
    path("<slug:slug>/roles/<int:pk>/compare/", views.role_compare, name="compare"),
    path("<slug:slug>/applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "<slug:slug>/applications/<int:pk>/move/",
        views.application_move,
        name="application-move",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/notes/",
        views.application_note,
        name="application-note",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/reveal/",
        views.application_reveal,
        name="application-reveal",
    ),
]
