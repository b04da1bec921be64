from django.urls import path

from assessments.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.role_audits, name="role"),
    path("plan/", views.audit_plan, name="plan"),
    path("validity/", views.role_validity_page, name="validity"),
]
