"""Reading annotation files with line numbers, so that every error can point at its line."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError


class AnnotationError(Exception):
    """One thing wrong with the annotation, located as `seed/<file>:<line>: <subject>: <what>`."""

    def __init__(self, location: str, subject: str | None, message: str) -> None:
        self.location = location
        self.subject = subject
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: {self.subject}" if self.subject else self.location
        return f"{where}: {self.message}"


class AnnotationErrors(Exception):
    """Every error found in one validation pass, in file and line order."""

    def __init__(self, errors: list[AnnotationError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class YamlFile:
    """A parsed YAML file that remembers where each node came from."""

    display_path: str  # as shown in errors: seed/<file>
    data: Any

    def line_of(self, *path: str | int) -> int:
        """1-based line of the deepest node along `path` that exists."""
        node = self.data
        line = 1
        for key in path:
            lc = getattr(node, "lc", None)
            try:
                if lc is not None:
                    if isinstance(key, int):
                        line = lc.item(key)[0] + 1
                    else:
                        line = lc.key(key)[0] + 1
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        return line

    def location(self, *path: str | int) -> str:
        return f"{self.display_path}:{self.line_of(*path)}"


def read_yaml(path: Path, display_path: str) -> YamlFile:
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise AnnotationErrors(
            [AnnotationError(f"{display_path}:{line}", None, f"invalid YAML: {problem}")]
        ) from exc
    return YamlFile(display_path, data)


def plain(node: Any) -> Any:
    """ruamel's commented containers → plain dicts and lists for Pydantic."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    return node
