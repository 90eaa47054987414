"""The `parley` console script: migrate the database, load the annotation, serve the API."""

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from app.config import get_settings

# Each command imports what only it needs, so `parley serve` starts without the loader
# (about 0.2 s to import: its records, checks and Alembic's migration context). It does
# import Alembic's script directory (about 0.1 s, in app.diagnose) to check the schema
# against the shipped migrations before serving; that check is worth the time.

cli = typer.Typer(
    help="Parley: negotiation positions in diplomatic records, as a read-only REST API.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True, emoji=False, highlight=False)
out = Console(soft_wrap=True, emoji=False, highlight=False)


def fail(message: str) -> NoReturn:
    """One red line on stderr and exit 1: what is wrong, and how to fix it."""
    err.print(message, style="red", markup=False)
    raise typer.Exit(1)


def first_line(exc: BaseException) -> str:
    """The driver's own words for a database error, without SQLAlchemy's SQL and links."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def check_file_or_fail(url: str) -> None:
    """Refuse a file that exists but is not a database SQLite can use (or is locked)."""
    from app.db import sqlite_path
    from app.diagnose import DatabaseProblem, check_file

    path = sqlite_path(url)
    if path is None:
        return
    try:
        present = path.stat().st_size > 0
    except FileNotFoundError:
        present = False  # migrate and load create it
    except OSError as exc:
        fail(f"cannot reach {path}: {exc.strerror}")
    if present:
        try:
            check_file(path, integrity=False)
        except DatabaseProblem as exc:
            fail(str(exc))


@cli.command()
def migrate() -> None:
    """Apply the Alembic migrations to DATABASE_URL, creating the database if needed."""
    from sqlalchemy.exc import SQLAlchemyError

    from app import migrate as migrations

    url = get_settings().database_url
    check_file_or_fail(url)
    try:
        migrations.upgrade(url)
    except SQLAlchemyError as exc:
        fail(f"cannot migrate the database: {first_line(exc)}")
    except Exception as exc:  # Alembic's own errors, e.g. a revision it does not know
        fail(
            f"cannot migrate the database: {first_line(exc)}; if it was made by a newer "
            "Parley, update the code or move the file away"
        )
    out.print("database schema is at the latest migration")


@cli.command()
def load(
    check: Annotated[
        bool, typer.Option("--check", help="Validate the annotation files without writing.")
    ] = False,
    seed_dir: Annotated[
        Path | None, typer.Option(help="Folder of the annotation files (default: SEED_DIR).")
    ] = None,
) -> None:
    """Validate the seed annotation and make it the served dataset, all at once or not at all."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.loader.build import build
    from app.loader.files import AnnotationErrors
    from app.loader.load import SchemaNotReady
    from app.loader.replace import ReadOnlyDatabase, replace_dataset

    settings = get_settings()
    folder = seed_dir or settings.seed_dir
    with err.status(f"validating {folder} …"):
        try:
            bundle = build(folder)
        except AnnotationErrors as exc:
            for error in exc.errors:
                err.print(str(error), markup=False, highlight=False)
            err.print(f"[red]{len(exc.errors)} error(s); nothing was written[/red]")
            raise typer.Exit(1) from None
    counts = (
        f"{len(bundle.documents)} document(s), {len(bundle.parties)} parties, "
        f"{len(bundle.issues)} issues, {len(bundle.positions)} positions"
    )
    release = bundle.release.version if bundle.release else "unreleased"
    dataset = f"dataset {release}, content {bundle.version[:12]}"
    if check:
        out.print(f"annotation is valid: {counts}; {dataset}")
        return
    check_file_or_fail(settings.database_url)
    try:
        with err.status("writing …"):
            replace_dataset(settings.database_url, bundle)
    except SchemaNotReady as exc:
        fail(str(exc))
    except ReadOnlyDatabase as exc:
        fail(f"nothing was written: {exc}")
    except (SQLAlchemyError, OSError) as exc:
        fail(f"nothing was written: {first_line(exc)}")
    out.print(f"loaded {counts}; {dataset}")


@cli.command()
def status() -> None:
    """Say whether the database holds the dataset in SEED_DIR, built by this loader (exit 1 if not)."""
    from app.db import make_engine
    from app.diagnose import DatabaseProblem, check
    from app.loader.hashes import loader_code_hash, seed_content_hash
    from app.loader.load import loaded_versions
    from app.loader.releases import metadata_sha256

    settings = get_settings()
    try:
        check(settings.database_url, integrity=True, loaded=False)
    except DatabaseProblem as exc:
        out.print(f"dataset is unusable: {exc}")
        raise typer.Exit(1) from None
    engine = make_engine(settings.database_url, read_only=True)
    loaded = loaded_versions(engine)
    engine.dispose()
    wanted = (seed_content_hash(settings.seed_dir), loader_code_hash())
    if loaded is None:
        out.print(f"dataset is stale: nothing is loaded; the files are {wanted[0][:12]}")
        raise typer.Exit(1)
    if loaded[0] != wanted[0]:
        out.print(f"dataset is stale: loaded {loaded[0][:12]}, files {wanted[0][:12]}")
        raise typer.Exit(1)
    if loaded[1] != wanted[1]:
        out.print(f"dataset is stale: {loaded[0][:12]} was built by another version of the loader")
        raise typer.Exit(1)
    if loaded.release_sha256 != metadata_sha256(settings.seed_dir):
        out.print(
            f"dataset is stale: {loaded[0][:12]} was loaded with other release notes "
            "(seed/CHANGELOG.md or seed/releases/ changed since)"
        )
        raise typer.Exit(1)
    out.print(f"dataset {loaded[0][:12]} is loaded and current")


@cli.command()
def codebook(
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite the tables in SEED_DIR/README.md.")
    ] = False,
) -> None:
    """Check (or with --write, rewrite) the vocabulary tables of the seed README, which are
    generated from app/vocabulary.py (exit 1 if they are out of date)."""
    from app import seed_readme

    folder = get_settings().seed_dir
    try:
        if write:
            changed = seed_readme.write(folder)
            out.print(f"{seed_readme.readme_path(folder)}: {'updated' if changed else 'current'}")
        elif not seed_readme.is_current(folder):
            fail(f"{seed_readme.readme_path(folder)} is out of date; run parley codebook --write")
        else:
            out.print(f"{seed_readme.readme_path(folder)} is current")
    except seed_readme.MissingTable as exc:
        fail(str(exc))


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default: HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (default: PORT; 0: one the OS picks).")
    ] = None,
) -> None:
    """Serve the API with Granian on HOST:PORT (read-only on the database)."""
    from app.diagnose import DatabaseProblem, check
    from app.server import run

    settings = get_settings()
    try:
        check(settings.database_url, integrity=True)
    except DatabaseProblem as exc:
        fail(f"not serving: {exc}")
    run(
        settings,
        host=host or settings.host,
        port=settings.port if port is None else port,  # 0: a free port the OS picks
    )


@cli.command()
def synth(
    database: Annotated[Path, typer.Option(help="SQLite file to build (replaced if it exists).")],
    documents: Annotated[int, typer.Option(min=1, help="Number of documents.")] = 10_000,
    positions: Annotated[int, typer.Option(min=1, help="Number of positions.")] = 1_000_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same rows.")] = 1,
) -> None:
    """Build a synthetic corpus of any size, through the loader's validation and write path,
    into its own database (for measuring the API at scale; never DATABASE_URL's data)."""
    import os
    import time

    from rich.progress import MofNCompleteColumn, Progress, TimeRemainingColumn

    from app import migrate as migrations
    from app.db import make_engine
    from app.loader.load import write
    from app.loader.synth import synth_bundle

    url = f"sqlite:///{database.resolve()}"
    database.unlink(missing_ok=True)
    migrations.upgrade(url)
    engine = make_engine(url)
    columns = (*Progress.get_default_columns()[:-1], MofNCompleteColumn(), TimeRemainingColumn())
    started = time.perf_counter()
    try:
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task("positions", total=positions)
            bundle = synth_bundle(
                documents=documents,
                positions=positions,
                seed=seed,
                workers=min(2, os.cpu_count() or 1),
                advance=lambda n: progress.advance(task, n),
            )
            write(engine, bundle)
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    out.print(
        f"synthesised {documents} document(s), {positions} positions into {database} "
        f"in {seconds:.1f} s ({positions / seconds:,.0f} positions/s); "
        f"dataset version {bundle.version[:12]}"
    )


def main() -> None:
    cli()
