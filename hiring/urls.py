from django.urls import path

from hiring import views

app_name = "hiring"

urlpatterns = [
    path("<slug:slug>/", views.organization_dashboard, name="organization"),
    path("<slug:slug>/roles/<int:pk>/", views.role_detail, name="role"),
]
