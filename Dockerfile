# syntax=docker/dockerfile:1
# Parley as an image, in two stages:
# - build: installs the hash-locked wheels, compiles the bytecode, and builds the SQLite
#   database (migrated, then validated and loaded from seed/);
# - runtime: the same Python image with the virtual env, the code and the database copied
#   in, and no pip, no build tools, no tests, no seed sources besides the database built
#   from them. The database is read-only at serve time (app/db.py opens it with mode=ro).
#
#   docker build -t parley .
#   docker run --rm -p 8000:8000 parley
#   docker run --rm -p 8000:8000 -e WORKERS=2 -e PUBLIC_BASE_URL=https://api.example.org parley
#
# compose.yaml runs the same image against PostgreSQL.

FROM python:3.11.17-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////app/data/parley.sqlite3 \
    SEED_DIR=/app/seed

WORKDIR /app

# The virtual env gets no pip of its own: the base image's pip installs into it, so the
# runtime stage, which copies only the env, has no installer at all.
COPY requirements/runtime.txt requirements/runtime.txt
RUN python -m venv --without-pip /opt/venv \
 && python -m pip --python /opt/venv/bin/python install --require-hashes --no-deps \
      -r requirements/runtime.txt

# Editable, as the Makefile does it: app/config.py's PROJECT_ROOT (the folder above app/)
# is then /app, where app/migrate.py finds alembic.ini and migrations/.
COPY pyproject.toml alembic.ini README.md LICENSE LICENSE-DATA.md ./
COPY app/ app/
COPY migrations/ migrations/
RUN python -m pip --python /opt/venv/bin/python install --no-deps --no-build-isolation \
      --editable .

# Ship a ready database, and bytecode compiled ahead of time (the runtime tree is read-only).
COPY seed/ seed/
RUN parley migrate \
 && parley load \
 && python -m compileall -q /app/app /app/migrations /opt/venv/lib


FROM python:3.11.17-slim-bookworm AS runtime

ARG VERSION=0.1.0
ARG SOURCE_URL=https://example.invalid/parley
LABEL org.opencontainers.image.title="Parley" \
      org.opencontainers.image.description="Negotiation positions in diplomatic records, traceable to the source's words: a read-only REST API." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="MIT AND CC-BY-4.0"

# DATABASE_URL and SEED_DIR restate the defaults of app/config.py for PROJECT_ROOT=/app, so
# the build and the server agree on them and they can be seen with `docker inspect`; every
# setting of app/config.py can be overridden with -e (README, Settings).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////app/data/parley.sqlite3 \
    SEED_DIR=/app/seed \
    HOST=0.0.0.0 \
    PORT=8000 \
    WORKERS=1

# No installer in the image that serves: the base image's own pip and setuptools go too.
RUN python -m pip uninstall --yes --quiet pip setuptools wheel \
 && groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin parley

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

EXPOSE 8000

# A fixed, numeric, non-root uid (Kubernetes' runAsNonRoot can only check a numeric USER).
USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health', timeout=4)"]

CMD ["parley", "serve"]
