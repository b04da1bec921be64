from django.urls import path

from hiring.roles import public_views

app_name = "public_roles"

urlpatterns = [
    path("", public_views.role_list, name="list"),
    path("<int:pk>/", public_views.role_detail, name="detail"),
    path("<int:pk>/apply/", public_views.role_apply, name="apply"),
]
