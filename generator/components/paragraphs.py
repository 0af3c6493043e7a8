"""briefing_paragraphs: a paragraph break always ends a sentence.

The model's parser sometimes runs a sentence across a blank line ("YouTube\n\nThe Post
reports ..."), so evidence would carry page furniture. Set before the parser, which
keeps boundaries already set.
"""
from __future__ import annotations

from spacy.tokens import Doc


class ParagraphSplitter:
    """Marks the first token after a line break as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                if not token.is_space:
                    token.is_sent_start = True
        return doc
