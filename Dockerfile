FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# LibreOffice turns analytical notes into PDF; fonts give Cyrillic in documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The production storage (hashed names + manifest, compressed), exactly as served: built
# with DEBUG=0, as .ci/production-smoke does. The key is a placeholder for this step only;
# the container gets the real one from .env.
RUN DEBUG=0 SECRET_KEY=collectstatic-build-step-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 portal && mkdir -p /data/media && chown -R portal /data /app
USER portal
EXPOSE 8000
# What compose's web service runs (check, migrate, reference data, then gunicorn with the
# portal's gunicorn.conf.py: 3 processes × 4 threads for 2 cores, see the file).
CMD ["sh", "-c", "python manage.py check --deploy --fail-level WARNING && python manage.py migrate --noinput && python manage.py load_reference_data && exec gunicorn -c gunicorn.conf.py"]
