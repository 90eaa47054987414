# syntax=docker/dockerfile:1
# Parley as an image: the API plus a SQLite database migrated and loaded from seed/ at build
# time. The database is read-only at serve time (app/db.py opens it with mode=ro), so nothing
# in /app needs to be writable by the user the server runs as.
#
#   docker build -t parley .
#   docker run --rm -p 8000:8000 parley
FROM python:3.11.17-slim-bookworm

# DATABASE_URL and SEED_DIR restate the defaults of app/config.py for PROJECT_ROOT=/app, so
# the build and the server agree on them and they can be seen with `docker inspect`.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////app/data/parley.sqlite3 \
    SEED_DIR=/app/seed

# A fixed, numeric, non-root uid (Kubernetes' runAsNonRoot can only check a numeric USER).
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin parley

WORKDIR /app

# Locked, hash-checked dependencies (setuptools included, for the install below) in their
# own layer, so a change to the code does not reinstall them.
COPY requirements/runtime.txt requirements/runtime.txt
RUN python -m venv /opt/venv \
 && /opt/venv/bin/python -m pip install --require-hashes --no-deps -r requirements/runtime.txt

# Editable, as the Makefile does it: app/config.py's PROJECT_ROOT (the folder above app/)
# is then /app, where app/migrate.py finds alembic.ini and migrations/.
COPY pyproject.toml alembic.ini README.md ./
COPY app/ app/
COPY migrations/ migrations/
RUN python -m pip install --no-deps --no-build-isolation --editable .

# Ship a ready database: migrated, then validated and loaded from the seed. Built as root, so
# data/ stays read-only for the server.
COPY seed/ seed/
RUN parley migrate \
 && parley load

ENV HOST=0.0.0.0 \
    PORT=8000
EXPOSE 8000

USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health', timeout=4)"]

CMD ["parley", "serve"]
