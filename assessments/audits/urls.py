from django.urls import path

from assessments.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.role_audits, name="role"),
    path("plan/", views.audit_plan, name="plan"),
    path("validity/", views.role_validity_page, name="validity"),
    path("validity/weights/", views.validity_weights, name="validity-weights"),
    path("ninety-days/", views.ninety_days_team, name="ninety-days"),
    path("ninety-days/<int:application>/", views.ninety_days_hire, name="ninety-days-hire"),
    path("quality/", views.quality_board, name="board"),
    path("trainers/<int:application_pk>/", views.trainer_timeline, name="timeline"),
]
