from django.urls import path

from assessments.audits import api

one = "organizations/<slug:slug>/roles/<int:pk>/"

urlpatterns = [
    path(one + "audits/", api.RoleAuditsApi.as_view(), name="role-audits"),
    path(one + "audit-plan/", api.AuditPlanApi.as_view(), name="role-audit-plan"),
    path(one + "validity/", api.RoleValidityApi.as_view(), name="role-validity"),
    path(one + "ninety-days/", api.NinetyDayReportsApi.as_view(), name="role-ninety-days"),
    path(
        one + "ninety-days/<int:application>/",
        api.NinetyDayReportApi.as_view(),
        name="hire-ninety-days",
    ),
]
