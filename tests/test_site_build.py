"""End to end: the example project through the real CLI and the real `mkdocs build --strict`."""
from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
import yaml

from generator.schema import validate_brief

BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def internal_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [link for link in parser.links if not urlparse(link).scheme and not link.startswith(("//", "#", "mailto:"))]


def resolve(site: Path, page: Path, link: str) -> Path:
    path = urldefrag(link)[0]
    target = (page.parent / path).resolve() if not path.startswith("/") else site / path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import ROOT
    import shutil

    project = tmp_path_factory.mktemp("example")
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "content" / "articles", project / "content" / "articles")
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    result = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert result.returncode == 0, result.stderr
    return project


def test_site_build_writes_valid_brief(built):
    path = built / "content" / "briefs" / "kursk-troops.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate_brief(data, str(path))
    assert data["id"] == "kursk-troops" and data["actors"] and data["figures"]


def test_site_build_brief_page_links_topics_and_actors(built):
    site = built / "site"
    assert (site / "index.html").exists()
    page = site / "briefs" / "kursk-troops" / "index.html"
    links = internal_links(page)
    topic_links = [l for l in links if "/topics/" in "/" + l and "index" not in l.split("/")[-2:][0]]
    actor_links = [l for l in links if "actors/" in l]
    assert any("russia-ukraine-war" in l for l in topic_links)
    assert any("vladimir-putin" in l for l in actor_links)
    actor_page = resolve(site, page, next(l for l in actor_links if "vladimir-putin" in l))
    assert "kursk-troops" in actor_page.read_text(encoding="utf-8")  # linked both ways
    topic_page = resolve(site, page, next(l for l in topic_links if "russia-ukraine-war" in l))
    assert "kursk-troops" in topic_page.read_text(encoding="utf-8")


def test_site_build_every_internal_link_resolves(built):
    site = built / "site"
    broken = []
    for page in site.rglob("*.html"):
        for link in internal_links(page):
            if not resolve(site, page, link).exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert not broken, broken[:20]


def test_site_build_briefing_build_cli(project):
    result = run([str(BIN / "briefing"), "build"], project)
    assert result.returncode == 0, result.stderr
    assert "1 articles read, 1 extracted" in result.stderr
    assert (project / "site" / "briefs" / "kursk-troops" / "index.html").exists()
    again = run([str(BIN / "briefing"), "build"], project)
    assert again.returncode == 0
    assert "nothing to extract" in again.stderr or "0 extracted" in again.stderr


def test_site_build_missing_articles_folder_is_one_line_error(project):
    import shutil

    shutil.rmtree(project / "content" / "articles")
    result = run([str(BIN / "briefing"), "extract"], project)
    assert result.returncode == 1
    assert "content/articles: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_build_unreadable_file_is_one_line_error(project):
    bad = project / "content" / "articles" / "broken.md"
    bad.write_bytes(b"\xff\xfe not utf-8 \x81")
    result = run([str(BIN / "briefing"), "extract"], project)
    assert result.returncode == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and "broken.md" in errors[0] and "not UTF-8" in errors[0]
    assert (project / "content" / "briefs" / "kursk-troops.yaml").exists()  # the rest still processed
