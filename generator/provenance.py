"""Is a brief up to date? Answered from a small cache, so a warm build reads no brief files.

The cache, ``.provenance.json`` in the briefs folder, maps each brief id to the hashes in
its provenance block, the file's size, mtime and inode when they were recorded, and whether
briefing wrote that file itself (then it was schema-checked on write and need not be again). A brief
whose file still has that size, mtime and inode is trusted; any other (hand-edited, replaced,
restored from git, new) has only its provenance block read again. A deleted brief is missing,
so its article is extracted again. The cache is written atomically and is only a shortcut:
deleting it costs one read of each brief's provenance block, never a wrong answer.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterable, Optional

import yaml

from . import __version__
from . import rules as rules_module
from .rules import RuleSet, load_rules, shipped_rule_files
from .store import SafeLoader, brief_path, write_atomic

CACHE_NAME = ".provenance.json"
CACHE_VERSION = 2
_PROVENANCE = re.compile(r"^provenance:[ \t]*\n((?:[ \t]+.*\n?)*)", re.M)


def read_provenance(path: Path) -> Optional[dict]:
    """The provenance block of a brief file, parsed alone; None when it is missing or broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _PROVENANCE.search(text)
    if match is None:
        return None
    try:
        data = yaml.load("provenance:\n" + match.group(1), Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    block = data.get("provenance") if isinstance(data, dict) else None
    return block if isinstance(block, dict) else None


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """Changes when briefing's code or shipped rules do (its version, or any of its files)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json"):
            info = path.stat()
            digest.update(f"{path.relative_to(package)} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _read_cache(path: Path, version: int) -> dict[str, list]:
    """A cache file's entries; empty when it is missing, broken or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    entries = data.get("briefs")
    return entries if isinstance(entries, dict) else {}


def _write_cache(path: Path, version: int, entries: dict[str, list]) -> None:
    """Write a cache atomically into an existing briefs folder; a failure only costs speed."""
    if not path.parent.is_dir():
        return
    text = json.dumps({"version": version, "briefs": dict(sorted(entries.items()))},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        write_atomic(path, text + "\n")
    except OSError:
        pass  # only a shortcut: the next run reads the briefs instead


class ProvenanceCache:
    """Brief id → (article hash, rules hash) with the file signature they were read from."""

    def __init__(self, briefs_dir: Path):
        self.briefs_dir = briefs_dir
        self.path = briefs_dir / CACHE_NAME
        self.entries: dict[str, list] = {}
        self.loaded = _read_cache(self.path, CACHE_VERSION)
        self.reads = 0
        """Brief files whose provenance had to be read (for tests and the benchmark)."""

    def is_up_to_date(self, brief_id: str, article_hash: str, rules_hash: str) -> bool:
        """True when the brief on disk was made from this article with these rules."""
        path = brief_path(self.briefs_dir, brief_id)
        try:
            signature = _signature(path.stat())
        except OSError:
            return False
        entry = self._entry(brief_id, signature)
        if entry is None:
            self.reads += 1
            provenance = read_provenance(path) or {}
            entry = [provenance.get("article_hash"), provenance.get("rules_hash"), signature, False]
        self.entries[brief_id] = entry
        return entry[0] == article_hash and entry[1] == rules_hash

    def _entry(self, brief_id: str, signature: list[int]) -> Optional[list]:
        entry = self.entries.get(brief_id) or self.loaded.get(brief_id)
        if isinstance(entry, list) and len(entry) == 4 and entry[2] == signature:
            return entry
        return None

    def written_by_briefing(self, path: Path) -> bool:
        """True when the file is, unchanged, one briefing wrote (and schema-checked) itself."""
        try:
            signature = _signature(path.stat())
        except OSError:
            return False
        entry = self._entry(path.stem, signature)
        return bool(entry and entry[3])

    def record(self, brief_id: str, article_hash: str, rules_hash: str) -> None:
        """Remember a brief just written with these hashes."""
        path = brief_path(self.briefs_dir, brief_id)
        try:
            self.entries[brief_id] = [article_hash, rules_hash, _signature(path.stat()), True]
        except OSError:
            self.entries.pop(brief_id, None)

    def forget(self, brief_id: str) -> None:
        self.entries.pop(brief_id, None)

    def save(self) -> None:
        """Write the cache atomically: entries checked or written in this run, plus untouched ones."""
        merged = {**self.loaded, **self.entries}
        if merged == self.loaded and self.path.exists():
            return
        _write_cache(self.path, CACHE_VERSION, merged)


PARSED_NAME = ".briefs-cache.json"
PARSED_VERSION = 1


class ParsedBriefCache:
    """Brief id → the brief's data as last parsed and checked, with the file signature it came from.

    JSON reads many times faster than YAML, so a warm build of 10,000 briefs parses one JSON
    file instead of 10,000 YAML ones. Any brief whose file changed is read and checked again.
    """

    def __init__(self, briefs_dir: Path):
        self.path = briefs_dir / PARSED_NAME
        self.loaded: dict[str, list] = _read_cache(self.path, PARSED_VERSION)
        self.entries: dict[str, list] = {}
        self.changed = False

    @staticmethod
    def signature(path: Path) -> Optional[list[int]]:
        try:
            return _signature(path.stat())
        except OSError:
            return None

    def get(self, path: Path, signature: Optional[list[int]]) -> Optional[dict]:
        entry = self.loaded.get(path.stem)
        if signature and isinstance(entry, list) and len(entry) == 2 and entry[0] == signature \
                and isinstance(entry[1], dict):
            self.entries[path.stem] = entry
            return entry[1]
        return None

    def put(self, path: Path, signature: Optional[list[int]], data: dict) -> None:
        if signature:
            self.entries[path.stem] = [signature, data]
            self.changed = True

    def save(self) -> None:
        """Write atomically when anything was added or dropped; a failure only costs speed."""
        if not self.changed and len(self.entries) == len(self.loaded) and self.path.exists():
            return
        _write_cache(self.path, PARSED_VERSION, self.entries)


RULES_NAME = ".rules-cache.json"
RULES_VERSION = 1
_RULES_MEMO: dict[str, RuleSet] = {}
"""Rule sets loaded in this process, by the key of the files they came from."""


def load_rules_cached(rule_files: Iterable[Path] = (), default_rules: bool = True,
                      cache_dir: Optional[Path] = None) -> RuleSet:
    """``load_rules``, parsed and validated once per content of the rule files.

    Parsing and checking the rule YAML costs about as much as the rest of a warm build's own
    work, and a build needs the rules up to three times (the up-to-date check, the pipeline, the
    topics). The key covers every rule file's path and bytes, the rule loader's own source and
    schema and the briefing version, so any edit to any of them loads the rules the long way,
    with its errors. A rule set loaded once is kept for the process and, with ``cache_dir``,
    in ``.rules-cache.json`` there for the next build.
    """
    extra = [Path(p) for p in rule_files]
    key = _rules_key((shipped_rule_files() if default_rules else []) + extra)
    if key is None:  # a file cannot be read: load_rules says which, and how
        return load_rules(extra, include_default=default_rules)
    rules = _RULES_MEMO.get(key)
    if rules is None and cache_dir is not None:
        rules = _read_rules_cache(cache_dir / RULES_NAME, key)
    if rules is None:
        rules = load_rules(extra, include_default=default_rules)
        if cache_dir is not None:
            _write_rules_cache(cache_dir / RULES_NAME, key, rules)
    _RULES_MEMO.clear()  # one rule set per process: an outdated one is only memory
    _RULES_MEMO[key] = rules
    return rules


def _rules_key(files: list[Path]) -> Optional[str]:
    digest = hashlib.sha256(f"briefing {__version__} rules cache {RULES_VERSION}\n".encode())
    loader = Path(rules_module.__file__)
    try:
        for path in [loader, loader.parent / "schema" / "rules.schema.json", *files]:
            data = path.read_bytes()
            digest.update(f"{path}\0{len(data)}\0".encode() + data)
    except OSError:
        return None
    return digest.hexdigest()


def _read_rules_cache(path: Path, key: str) -> Optional[RuleSet]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != RULES_VERSION or data.get("key") != key:
        return None
    rules, files, digest = data.get("data"), data.get("files"), data.get("digest")
    if not isinstance(rules, dict) or not isinstance(files, list) or not isinstance(digest, str):
        return None
    return RuleSet(data=rules, files=[Path(f) for f in files], digest=digest)


def _write_rules_cache(path: Path, key: str, rules: RuleSet) -> None:
    """Only rules that survive JSON unchanged are cached; a failure only costs speed."""
    if not path.parent.is_dir():
        return
    try:
        text = json.dumps({"version": RULES_VERSION, "key": key, "digest": rules.digest,
                           "files": [str(f) for f in rules.files], "data": rules.data},
                          ensure_ascii=False, separators=(",", ":"))
        if json.loads(text)["data"] != rules.data:  # e.g. a YAML date or a number as a key
            return
        write_atomic(path, text + "\n")
    except (OSError, TypeError, ValueError):
        pass
