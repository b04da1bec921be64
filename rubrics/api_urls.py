from django.urls import path

from rubrics import api

prefix = "organizations/<slug:slug>/rubrics/"

urlpatterns = [
    path(prefix, api.RubricListCreateApi.as_view(), name="rubrics"),
    path(prefix + "templates/", api.RubricTemplateListApi.as_view(), name="rubric-templates"),
    path(
        prefix + "from-template/",
        api.RubricFromTemplateApi.as_view(),
        name="rubric-from-template",
    ),
    path(prefix + "<int:pk>/", api.RubricDetailApi.as_view(), name="rubric"),
]
