"""The article text as Markdown paragraphs, each evidence sentence highlighted and anchored."""
from __future__ import annotations

import re

from markupsafe import Markup

from .brief import Brief
from .escape import inline_escape


def sentence_anchor(start: int) -> str:
    return f"s-{start}"


def locate_evidence(brief: Brief, text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(start, end) of each evidence as stored → where its sentence is in ``text``.

    The offsets are trusted when they still point at the sentence; otherwise (a hand edit,
    a changed article) the sentence is searched for; one not found gets no link.
    """
    located: dict[tuple[int, int], tuple[int, int]] = {}
    for item in (*brief.figures, *brief.risks, *brief.questions):
        evidence = item.evidence
        if evidence is None or (evidence.start, evidence.end) in located or not evidence.sentence.strip():
            continue
        if 0 <= evidence.start < evidence.end <= len(text) and text[evidence.start:evidence.end] == evidence.sentence:
            located[(evidence.start, evidence.end)] = (evidence.start, evidence.end)
            continue
        found = text.find(evidence.sentence)
        if found >= 0:
            located[(evidence.start, evidence.end)] = (found, found + len(evidence.sentence))
    return located


def _paragraph_bounds(text: str):
    start = 0
    for gap in re.finditer(r"\n[ \t]*\n\s*", text):
        if gap.start() > start:
            yield start, gap.start()
        start = gap.end()
    if text[start:].strip():
        yield start, len(text)


def article_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Markup]:
    """The article as Markdown paragraphs of escaped text, each evidence sentence in a span.

    The span starting a sentence carries its anchor; a sentence running over a paragraph
    break is highlighted in both. Overlapping spans keep the first.
    """
    ordered: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if not ordered or start >= ordered[-1][1]:
            ordered.append((start, end))
    paragraphs, i = [], 0
    for first, last in _paragraph_bounds(text):
        while i < len(ordered) and ordered[i][1] <= first:
            i += 1
        parts, pos = [], first
        while i < len(ordered) and ordered[i][0] < last:
            start, end = ordered[i]
            lo, hi = max(start, first), min(end, last)
            anchor = f' id="{sentence_anchor(start)}"' if lo == start else ""
            parts += [inline_escape(text[pos:lo]), Markup(f'<span class="bf-sentence"{anchor}>'),
                      inline_escape(text[lo:hi]), Markup("</span>")]
            pos = hi
            if end > last:
                break
            i += 1
        parts.append(inline_escape(text[pos:last]))
        line = Markup("").join(parts).strip()
        if line:
            paragraphs.append(Markup(line))
    return paragraphs
