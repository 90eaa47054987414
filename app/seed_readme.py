"""The vocabulary tables of seed/README.md, generated from app/vocabulary.py.

Each table sits between two marker comments; everything outside them is the README's own
prose and is left as it is. `parley codebook --write` rewrites the tables, and a test fails
when the file differs from what this module would write, so a definition is only ever
edited in app/vocabulary.py.
"""

import re
from pathlib import Path

from app.vocabulary import VOCABULARIES, Listed

GENERATED_BY = "generated from app/vocabulary.py by `parley codebook --write`: edit it there"


class MissingTable(Exception):
    """The README has no marked place for a vocabulary's table."""


def begin_marker(name: str) -> str:
    return f"<!-- codebook: {name} ({GENERATED_BY}) -->"


def end_marker(name: str) -> str:
    return f"<!-- /codebook: {name} -->"


def table(listed: Listed) -> str:
    """The vocabulary as a Markdown table: value and meaning, in the vocabulary's order."""
    rows = [f"| {listed.column} | meaning |", "|---|---|"]
    rows += [
        f"| `{term.value}` | {term.definition.replace('|', chr(92) + '|')} |"
        for term in listed.vocabulary
    ]
    return "\n".join(rows)


def with_tables(readme: str) -> str:
    """`readme` with every vocabulary's table written between its markers."""
    for listed in VOCABULARIES:
        block = re.compile(
            re.escape(f"<!-- codebook: {listed.name} ") + r"[^\n]*-->\n.*?"
            + re.escape(end_marker(listed.name)),
            flags=re.DOTALL,
        )  # fmt: skip
        generated = f"{begin_marker(listed.name)}\n{table(listed)}\n{end_marker(listed.name)}"
        found = list(block.finditer(readme))
        if len(found) != 1:
            raise MissingTable(
                f"seed/README.md needs exactly one `<!-- codebook: {listed.name} … -->` … "
                f"`{end_marker(listed.name)}` block; it has {len(found)}"
            )
        readme = readme[: found[0].start()] + generated + readme[found[0].end() :]
    return readme


def readme_path(seed_dir: Path) -> Path:
    return seed_dir / "README.md"


def is_current(seed_dir: Path) -> bool:
    text = readme_path(seed_dir).read_text(encoding="utf-8")
    return with_tables(text) == text


def write(seed_dir: Path) -> bool:
    """Rewrite the tables; True if the file changed."""
    path = readme_path(seed_dir)
    text = path.read_text(encoding="utf-8")
    updated = with_tables(text)
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
