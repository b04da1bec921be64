from django.urls import path

from assessments.authoring import views

app_name = "authoring"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/new-version/", views.assessment_new_version, name="new_version"),
    path("<int:pk>/preview/", views.candidate_preview, name="preview"),
    path("<int:pk>/preview/items/<int:position>/", views.preview_item, name="preview_item"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/items/gold-widget/", views.gold_widget, name="gold_widget"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/gold-widget/", views.gold_widget, name="item_gold_widget"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/import/", views.gold_import, name="import"),
    path("<int:pk>/import/confirm/", views.gold_import_confirm, name="import_confirm"),
    path("<int:pk>/export/", views.gold_export, name="export"),
]
