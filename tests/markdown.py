"""The code blocks of a Markdown page, by section, for the tests that run a guide's commands as written."""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*$", re.M)


@dataclass(frozen=True)
class CodeBlock:
    headings: tuple[str, ...]  # the headings it falls under, outermost first ("2. Credentials", "Try it ...")
    lang: str
    code: str

    def under(self, heading: str) -> bool:
        return any(title.startswith(heading) for title in self.headings)


class Page:
    """A Markdown file's fenced code blocks, each with the heading it falls under."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = path.read_text(encoding="utf-8")
        headings = [(match.start(), len(match.group(1)), match.group(2)) for match in HEADING.finditer(FENCE.sub(_blank, text))]
        self.blocks = [CodeBlock(_headings_at(headings, match.start()), match.group(1), match.group(2))
                       for match in FENCE.finditer(text)]

    def blocks_in(self, section: str, lang: str | None = None) -> list[CodeBlock]:
        """The blocks under the heading that starts with `section` ("4. Run it"), of `lang` when given."""
        found = [block for block in self.blocks if block.under(section) and (lang is None or block.lang == lang)]
        assert found, f"{self.path.name}: no {lang or ''} code block under a heading starting {section!r}"
        return found

    def block_with(self, section: str, lang: str, text: str) -> str:
        """The one `lang` block under `section` that holds `text`."""
        [block] = [block.code for block in self.blocks_in(section, lang) if text in block.code]
        return block

    def commands(self, section: str) -> list[str]:
        """The command lines of the bash blocks under `section`, comments and blank lines left out."""
        return [line.strip() for block in self.blocks_in(section, "bash") for line in block.code.splitlines()
                if shlex.split(line, comments=True)]


def _blank(match: re.Match[str]) -> str:
    # Keeps offsets, drops the `#` lines of code blocks, which are no headings.
    return re.sub(r"[^\n]", " ", match.group(0))


def _headings_at(headings: list[tuple[int, int, str]], offset: int) -> tuple[str, ...]:
    """The chain of headings above `offset`: each one the last of its level, under the one before."""
    chain: list[tuple[int, str]] = []
    for start, level, title in headings:
        if start > offset:
            break
        chain = [(outer, name) for outer, name in chain if outer < level] + [(level, title)]
    return tuple(title for _level, title in chain)
