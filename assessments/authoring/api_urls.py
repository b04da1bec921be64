from django.urls import path

from assessments.authoring import api

prefix = "organizations/<slug:slug>/assessments/"
one = prefix + "<int:pk>/"

urlpatterns = [
    path(prefix, api.AssessmentListCreateApi.as_view(), name="authoring-assessments"),
    path(one, api.AssessmentDetailApi.as_view(), name="authoring-assessment"),
    path(
        one + "new-version/",
        api.AssessmentNewVersionApi.as_view(),
        name="authoring-assessment-new-version",
    ),
    path(one + "gold-history/", api.GoldHistoryApi.as_view(), name="authoring-gold-history"),
    path(one + "items/", api.ItemListCreateApi.as_view(), name="authoring-items"),
    path(one + "items/reorder/", api.ItemReorderApi.as_view(), name="authoring-items-reorder"),
    path(one + "items/<int:item_pk>/", api.ItemDetailApi.as_view(), name="authoring-item"),
    path(one + "import/", api.GoldImportApi.as_view(), name="authoring-import"),
    path(one + "export/", api.GoldExportApi.as_view(), name="authoring-export"),
]
