app_name = "public_roles"

urlpatterns = []
