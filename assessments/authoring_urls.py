app_name = "authoring"

urlpatterns = []
