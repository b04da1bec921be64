from django.urls import path

from assessments.audits import api

one = "organizations/<slug:slug>/roles/<int:pk>/"
alerts = "organizations/<slug:slug>/alerts/"
assessment = "organizations/<slug:slug>/assessments/<int:pk>/"

urlpatterns = [
    path(one + "audits/", api.RoleAuditsApi.as_view(), name="role-audits"),
    path(one + "audit-plan/", api.AuditPlanApi.as_view(), name="role-audit-plan"),
    path(one + "validity/", api.RoleValidityApi.as_view(), name="role-validity"),
    path(one + "validity/weights/", api.RoleWeightsApi.as_view(), name="role-weights"),
    path(one + "ninety-days/", api.NinetyDayReportsApi.as_view(), name="role-ninety-days"),
    path(
        one + "ninety-days/<int:application>/",
        api.NinetyDayReportApi.as_view(),
        name="hire-ninety-days",
    ),
    path(one + "quality/", api.QualityBoardApi.as_view(), name="role-quality"),
    path(
        one + "trainers/<int:application_pk>/timeline/",
        api.TrainerTimelineApi.as_view(),
        name="trainer-timeline",
    ),
    path(
        assessment + "validity/",
        api.AssessmentValidityApi.as_view(),
        name="assessment-validity",
    ),
    path(alerts, api.AlertsApi.as_view(), name="alerts"),
    path(alerts + "<int:pk>/", api.AlertApi.as_view(), name="alert"),
    path(alerts + "<int:pk>/steps/", api.AlertStepApi.as_view(), name="alert-steps"),
]
