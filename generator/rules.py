"""Rule packs: YAML files a user can read and extend, validated on load.

The shipped English news pack (``generator/rules/*.yaml``) is loaded first, then the
user's files in the order given. Lists of entries with an ``id`` are merged by id
(a user entry replaces the shipped one), plain word lists are extended, and mappings
are updated. A bad file is reported as ``path:line: [section -> 3 -> words] message``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

import yaml

from . import __version__
from .errors import RuleError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it: the pure-Python one took a third of a second."""

if TYPE_CHECKING:  # a warm build validates nothing: jsonschema loads on first use
    import jsonschema


def shipped_rule_files() -> list[Path]:
    """The default English news rule pack, in a fixed order."""
    folder = Path(str(resources.files("generator").joinpath("rules")))
    return sorted(folder.glob("*.yaml"))


@lru_cache(maxsize=1)
def _rules_validator() -> jsonschema.protocols.Validator:
    import jsonschema

    text = resources.files("generator").joinpath("schema/rules.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


@dataclass
class RuleSet:
    """Merged rules from every file, plus a digest that changes when any of them does."""

    data: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    digest: str = ""

    def section(self, name: str) -> Any:
        return self.data.get(name) or {}

    def file_defining(self, entry_id: str) -> Optional[Path]:
        """The last rule file that names an entry with this id: the one whose entry counts."""
        return next((f for f in reversed(self.files) if f"id: {entry_id}" in _read_rule_text(f)), None)

    def words(self, *path: str) -> list[str]:
        """A word list at ``path`` (e.g. ``("attribution", "verbs")``), empty when absent."""
        node: Any = self.data
        for key in path:
            node = (node or {}).get(key)
        return list(node or [])


def load_rules(extra_files: Iterable[Path] = (), include_default: bool = True) -> RuleSet:
    """Load, validate and merge rule files; the digest covers contents and extractor version."""
    files = (shipped_rule_files() if include_default else []) + [Path(p) for p in extra_files]
    merged: dict[str, Any] = {}
    digest = hashlib.sha256(f"briefing {__version__}\n".encode())
    for path in files:
        text = _read_rule_text(path)
        digest.update(path.name.encode() + b"\n" + text.encode("utf-8"))
        _merge(merged, parse_rule_file(path, text))
    return RuleSet(data=merged, files=files, digest=digest.hexdigest())


def _read_rule_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(path, "rule file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, f"cannot read rule file: {exc}") from exc


def parse_rule_file(path: Path, text: str) -> dict[str, Any]:
    """Parse one rule file safely and check it against the rule schema."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from exc
    if data is None:
        return {}
    errors = sorted(_rules_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        error = errors[0]
        where = " -> ".join(map(str, error.absolute_path)) or "file"
        # The node tree, for the line, only when there is an error to place: building it costs a parse.
        node = yaml.compose(text, Loader=_Loader)
        raise RuleError(path, f"[{where}] {error.message}", _line_of(node, list(error.absolute_path)))
    return data


def _line_of(node: Optional[yaml.Node], keys: list[Any]) -> Optional[int]:
    """1-based line of the YAML node at ``keys``, or of the nearest parent found."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _child(node: Optional[yaml.Node], key: Any) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == str(key)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            into[key] = _merge_lists(old, value)
        else:
            into[key] = value


def _merge_lists(old: list, new: list) -> list:
    if all(isinstance(item, dict) and "id" in item for item in old + new):
        by_id = {item["id"]: item for item in old}
        by_id.update({item["id"]: item for item in new})
        return list(by_id.values())
    return old + [item for item in new if item not in old]
