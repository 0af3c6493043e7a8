"""Build the spaCy pipeline: the English model plus briefing's rule-fed components.

Each component is a spaCy factory with a JSON-able config naming the rule files, as
spaCy's own components are, so ``nlp.config`` shows the whole extractor.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer

from .components import state
from .components.actors import ActorFinder
from .components.attribution import AttributionFinder
from .components.cues import QuestionFinder, RiskFinder
from .components.entity_gaps import EntityGapFiller
from .components.figures import FigureFinder
from .components.paragraphs import ParagraphSplitter
from .errors import ConfigError, RuleError
from .provenance import load_rules_cached
from .rules import RuleSet

COMPONENTS = ("briefing_entity_gaps", "briefing_actors", "briefing_attribution", "briefing_figures",
              "briefing_risks", "briefing_questions")
"""Run in this order, after the model: gaps in its entities filled, then actors; attribution
needs actors; the rest need speakers."""

DEFAULT_CONFIG = {"rule_files": [], "default_rules": True}


@lru_cache(maxsize=8)
def cached_rules(rule_files: tuple[str, ...], default_rules: bool) -> RuleSet:
    # In the process that checked the briefs (a build of a few articles) this is the rule set
    # it loaded already; in a pool worker, one load.
    return load_rules_cached([Path(p) for p in rule_files], default_rules)


def _factory(cls):
    def make(nlp: Language, name: str, rule_files: list[str], default_rules: bool):
        return cls(cached_rules(tuple(rule_files), default_rules))
    return make


def _gap_filler(nlp: Language, name: str, rule_files: list[str], default_rules: bool) -> EntityGapFiller:
    return EntityGapFiller(nlp, cached_rules(tuple(rule_files), default_rules))


if not Language.has_factory("briefing_paragraphs"):
    Language.factory("briefing_paragraphs")(lambda nlp, name: ParagraphSplitter())

if not Language.has_factory("briefing_entity_gaps"):
    Language.factory("briefing_entity_gaps", default_config=DEFAULT_CONFIG)(_gap_filler)

for _name, _cls in zip(COMPONENTS[1:], (ActorFinder, AttributionFinder, FigureFinder, RiskFinder, QuestionFinder)):
    if not Language.has_factory(_name):
        Language.factory(_name, default_config=DEFAULT_CONFIG)(_factory(_cls))


def model_folder(model: str) -> Optional[Path]:
    """The folder a model package or path loads from; None when it cannot be found."""
    folder = Path(model)
    if folder.is_dir():
        return folder
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def shipped_disabled(model: str) -> list[str]:
    """The components a model package or folder lists as disabled in its ``meta.json``
    (``senter`` in the English pipelines: the parser marks the sentences); empty when unknown."""
    folder = model_folder(model)
    try:
        disabled = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("disabled")
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    return [name for name in disabled if isinstance(name, str)] if isinstance(disabled, list) else []


@spacy.registry.tokenizers("briefing.deferred_tokenizer.v1")
def deferred_tokenizer():
    """An empty tokenizer for a model whose own tokenizer is read from disk right after.

    spaCy first builds the language's default tokenizer (2,700 special cases) and then replaces
    every setting of it with the model's saved one: building it twice is a sixth of the load.
    """
    return lambda nlp: Tokenizer(nlp.vocab)


def load_overrides(model: str) -> dict:
    """Config overrides that only skip work: the tokenizer is deferred when the model saved
    spaCy's default one (a custom tokenizer is left to load its own way)."""
    folder = model_folder(model)
    saved = [sub for sub in ((folder, *folder.glob("*/")) if folder else ()) if (sub / "tokenizer").is_file()]
    try:
        config = spacy.util.load_config(saved[0] / "config.cfg", interpolate=False) if saved else {}
        default = config["nlp"]["tokenizer"]["@tokenizers"] == "spacy.Tokenizer.v1"
    except (OSError, KeyError, TypeError, ValueError):
        default = False
    return {"nlp": {"tokenizer": {"@tokenizers": "briefing.deferred_tokenizer.v1"}}} if default else {}


def check_token_patterns(vocab, rules: RuleSet, key: str) -> None:
    """A token pattern spaCy would refuse is an error in the rule file that holds it, named."""
    for entry in rules.data.get(key, []):
        if isinstance(entry["pattern"], str):
            continue
        try:
            Matcher(vocab, validate=True).add(entry["id"], [entry["pattern"]])
        except ValueError as exc:
            first = next((line.strip() for line in str(exc).splitlines()[1:] if line.strip().startswith("-")), "")
            raise RuleError(rules.file_defining(entry["id"]),
                            f"[{key} -> {entry['id']}] not a spaCy token pattern {first}".rstrip()) from None


def build_pipeline(model: str, rule_files: Iterable[Path] = (), default_rules: bool = True) -> Language:
    """The model with entity patterns from the rules and the briefing components after it."""
    state.register_extensions()
    files = [str(p) for p in rule_files]
    rules = cached_rules(tuple(files), default_rules)
    try:
        # A component the model ships disabled never runs here: not loading it saves time, not output.
        nlp = spacy.load(model, exclude=shipped_disabled(model), config=load_overrides(model))
    except OSError as exc:
        raise ConfigError(None, f"spaCy model {model!r} is not installed: pip install the package "
                                f"that provides it (see README)") from exc
    for key in ("entity_patterns", "entity_gap_patterns"):
        check_token_patterns(nlp.vocab, rules, key)
    patterns = [{"label": p["label"], "pattern": p["pattern"], "id": p["id"]}
                for p in rules.data.get("entity_patterns", [])]
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "validate": True})
        with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer
            ruler.add_patterns(patterns)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("briefing_paragraphs", before="parser")
    config = {"rule_files": files, "default_rules": default_rules}
    for name in COMPONENTS:
        nlp.add_pipe(name, config=config)
    return nlp
