from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.health import readiness


@never_cache
def healthz(request):
    """Liveness: the process serves requests and reaches its database. It stays 200 while
    Redis is down, because the site still works then (see ``readyz``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database, the cache and the Celery broker, each "ok" or "down";
    503 when any is down."""
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "down", **checks}, status=200 if ready else 503
    )
