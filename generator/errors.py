"""One error type per stage, each naming the file (and line) a person has to fix."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union


class BriefingError(Exception):
    """An error a user can act on: where it is and what is wrong."""

    def __init__(self, path: Union[str, Path, None], message: str, line: Optional[int] = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ReadError(BriefingError):
    """An article could not be read."""


class RuleError(BriefingError):
    """A rule file is missing, malformed or invalid."""


class ExtractError(BriefingError):
    """Extraction failed for one article."""


class SchemaError(BriefingError):
    """A brief does not match the brief schema."""


class StoreError(BriefingError):
    """A brief could not be written or read."""


class RenderError(BriefingError):
    """A template is broken or failed to render."""


class ConfigError(BriefingError):
    """The configuration names something that is not there."""
