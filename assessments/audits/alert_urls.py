from django.urls import path

from assessments.audits import views

app_name = "alerts"

urlpatterns = [
    path("", views.alerts, name="list"),
    path("<int:pk>/", views.alert, name="alert"),
    path("<int:pk>/steps/", views.alert_act, name="act"),
]
