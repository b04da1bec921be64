# The Calibrate image: gunicorn by default; the compose file reuses it for
# migrations, the Celery worker and Celery beat.
FROM python:3.11-slim

# Settings find templates/ and static/ beside the code (BASE_DIR), so the code
# runs from /app, which PYTHONPATH puts before site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

RUN groupadd --system calibrate \
    && useradd --system --gid calibrate --home-dir /app --no-create-home calibrate

WORKDIR /app

# Dependencies first, in a layer of their own, from the runtime lock file: exactly
# the versions CI tested, every file checked against its hash. A code change
# doesn't reinstall them; the second install adds the project itself, without deps.
# (`make lock` writes requirements.lock; it carries no dev tools.)
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
RUN pip install --no-deps .

# Static files are collected at build time with a throwaway key; it is never used
# at run time (production settings refuse to start without a real one).
RUN DJANGO_ENV=production \
    DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media /var/lib/celery \
    && chown calibrate:calibrate /app/media /var/lib/celery

USER calibrate

EXPOSE 8000

CMD ["gunicorn", "config.wsgi", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
