"""The product's URLs plus ``/bench/plain``: the plain Django ``JsonResponse`` view the
autosave throughput is compared with. Used only by the benchmark's own server."""

from django.http import JsonResponse
from django.urls import include, path


def plain(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("bench/plain", plain),
    path("", include("config.urls")),
]
