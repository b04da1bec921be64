from django.urls import path

from assessments.operations import api

prefix = "organizations/<slug:slug>/calibration/"

urlpatterns = [
    path(
        prefix + "applications/<int:pk>/invite/",
        api.ApplicationInviteApi.as_view(),
        name="ops-application-invite",
    ),
    path(prefix + "invitations/", api.BulkInviteApi.as_view(), name="ops-bulk-invite"),
    path(
        prefix + "accommodations/",
        api.AccommodationListCreateApi.as_view(),
        name="ops-accommodations",
    ),
    path(prefix + "attempts/", api.AttemptListApi.as_view(), name="ops-attempts"),
    path(prefix + "attempts/<int:pk>/", api.AttemptDetailApi.as_view(), name="ops-attempt"),
    path(prefix + "contests/", api.ContestListApi.as_view(), name="ops-contests"),
    path(
        prefix + "contests/<int:pk>/resolve/",
        api.ContestResolveApi.as_view(),
        name="ops-contest-resolve",
    ),
    path(prefix + "payments/", api.PaymentListApi.as_view(), name="ops-payments"),
    path(
        prefix + "payments/approve/", api.PaymentApproveApi.as_view(), name="ops-payments-approve"
    ),
    path(
        prefix + "payments/mark-paid/",
        api.PaymentMarkPaidApi.as_view(),
        name="ops-payments-mark-paid",
    ),
    path(prefix + "payments/<int:pk>/void/", api.PaymentVoidApi.as_view(), name="ops-payment-void"),
    path(prefix + "payments/payout.csv", api.PayoutCsvApi.as_view(), name="ops-payout-csv"),
    path(
        prefix + "payments/payout-exports/",
        api.PayoutExportListApi.as_view(),
        name="ops-payout-exports",
    ),
]
