"""The Article: what every reader returns, whatever the input format."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Article:
    """One news article, read from a file or a line of a JSONL bundle."""

    id: str
    title: str
    text: str
    """The body as plain text; evidence offsets point into this string."""
    path: str
    """The file it came from (with ``#line`` for a JSONL record's line)."""
    url: Optional[str] = None
    published: Optional[str] = None
    outlet: Optional[str] = None
    line: Optional[int] = None
    """Line in ``path`` where the article starts, for JSONL records."""
    extra: dict = field(default_factory=dict)
    """Front-matter fields briefing does not know, kept for templates."""

    def content_hash(self) -> str:
        """sha256 of everything extraction reads: a change means re-extract."""
        payload = json.dumps(
            [self.id, self.title, self.text, self.url, self.published, self.outlet],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
