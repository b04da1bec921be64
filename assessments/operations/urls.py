from django.urls import path

from assessments.operations import views

app_name = "calibration"

urlpatterns = [
    path("", views.index, name="index"),
    path("applications/<int:application_pk>/invite/", views.invite, name="invite"),
    path("roles/<int:role_pk>/invitations/", views.role_invitations, name="role_invitations"),
    path("assessments/<int:assessment_pk>/attempts/", views.attempts, name="attempts"),
    path(
        "assessments/<int:assessment_pk>/accommodations/",
        views.accommodations,
        name="accommodations",
    ),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("contests/", views.contests, name="contests"),
    path("contests/<int:pk>/resolve/", views.contest_resolve_view, name="contest_resolve"),
    path("payments/", views.payments, name="payments"),
    path("payments/<int:pk>/void/", views.payment_void_view, name="payment_void"),
    path("payments/payout.csv", views.payout_export_view, name="payout_csv"),
]
