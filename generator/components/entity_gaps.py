"""briefing_entity_gaps: names the model left out, from the rules' ``entity_gap_patterns``.

Run after the model. A match becomes an entity only where the model's own entities lie wholly
inside it ("Africa" in "the Commission for Africa"); a longer name the model found ("the
Brazilian Institute for Geography and Statistics") is not cut short, as the entity ruler before
the model, which overrules it, would.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..rules import RuleSet


class EntityGapFiller:
    """Adds the rules' gap patterns as entities where they cover the model's entities whole."""

    def __init__(self, nlp: Language, rules: RuleSet):
        self.tokens = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab)
        for pattern in rules.data.get("entity_gap_patterns", []):
            key = f"{pattern['label']}|{pattern['id']}"
            if isinstance(pattern["pattern"], str):
                self.phrases.add(key, [nlp.make_doc(pattern["pattern"])])  # tokenized as the text will be
            else:
                self.tokens.add(key, [pattern["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.tokens(doc)) + list(self.phrases(doc))
        if not matches:
            return doc
        spans = filter_spans([Span(doc, start, end, label=doc.vocab.strings[key].split("|")[0])
                              for key, start, end in matches])
        ents = list(doc.ents)
        for span in spans:
            overlapping = [e for e in ents if e.start < span.end and span.start < e.end]
            if all(span.start <= e.start and e.end <= span.end for e in overlapping):
                ents = [e for e in ents if e not in overlapping] + [span]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc
