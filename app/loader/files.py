"""Reading annotation files with line numbers, so that every error can point at its line."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError


class AnnotationError(Exception):
    """One thing wrong with the annotation, located as `seed/<file>:<line>: <subject>: <what>`."""

    def __init__(self, file: str, line: int, subject: str | None, message: str) -> None:
        self.file = file  # as shown in errors: seed/<file>
        self.line = line
        self.subject = subject
        self.message = message
        super().__init__(str(self))

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def __str__(self) -> str:
        where = f"{self.location}: {self.subject}" if self.subject else self.location
        return f"{where}: {self.message}"


class AnnotationErrors(Exception):
    """Every error found in one validation pass, in file and line order."""

    def __init__(self, errors: list[AnnotationError]) -> None:
        # sorted() is stable: errors on one line keep the order they were found in.
        self.errors = sorted(errors, key=lambda error: (error.file, error.line))
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class YamlFile:
    """A parsed YAML file that remembers where each node came from."""

    display_path: str  # as shown in errors: seed/<file>
    data: Any

    def line_of(self, *path: str | int) -> int:
        """1-based line of the deepest node along `path` that exists (with no path, the line
        the document's content starts on)."""
        node = self.data
        lc = getattr(node, "lc", None)
        line = lc.line + 1 if lc is not None and lc.line is not None else 1
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


class UnreadableFile(Exception):
    """A file that is missing, cannot be read, is not UTF-8 or is not valid YAML."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


def read_text(path: Path) -> str:
    """The UTF-8 text of `path`, or UnreadableFile saying why not."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise UnreadableFile(1, "file is missing") from None
    except OSError as exc:
        raise UnreadableFile(1, f"file cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UnreadableFile(1, f"file is not UTF-8: {exc.reason} at byte {exc.start}") from None


def read_yaml(path: Path, display_path: str) -> YamlFile:
    """Parse `path`, or raise UnreadableFile with the line of the problem."""
    text = read_text(path)
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise UnreadableFile(line, f"invalid YAML: {problem}") from exc
    return YamlFile(display_path, data)


def plain(node: Any) -> Any:
    """Ruamel's commented containers → plain dicts and lists for Pydantic."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    return node
