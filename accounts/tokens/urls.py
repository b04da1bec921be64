from django.urls import path

from accounts.tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/revoke/", views.token_revoke_view, name="revoke"),
]
