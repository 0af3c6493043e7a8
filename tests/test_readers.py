from pathlib import Path

import pytest

from generator.article import Article
from generator.errors import ReadError
from generator.readers import MarkdownReader, read_articles

from conftest import EXAMPLE


def _read_all(*paths: Path):
    return list(read_articles(list(paths)))


def test_readers_markdown_front_matter(example_article):
    assert example_article.id == "kursk-troops"
    assert example_article.outlet == "CNN"
    assert example_article.title.startswith("Russia diverts troops")
    assert example_article.text.startswith("Russia appears to have diverted")


def test_readers_plain_text_title_from_first_line(tmp_path):
    path = tmp_path / "Some Story.txt"
    path.write_text("# A headline\nFirst sentence of the story.\n", encoding="utf-8")
    article = MarkdownReader().read_one(path)
    assert (article.id, article.title, article.text) == ("some-story", "A headline", "First sentence of the story.")


def test_readers_jsonl_bundle_reports_bad_line_and_goes_on(tmp_path):
    path = tmp_path / "bundle.jsonl"
    path.write_text('{"id": "a", "title": "A", "text": "Text a."}\nnot json\n'
                    '{"id": "b", "title": "B", "text": "Text b.", "outlet": "X"}\n', encoding="utf-8")
    results = _read_all(path)
    assert [r.id for r in results if isinstance(r, Article)] == ["a", "b"]
    errors = [r for r in results if isinstance(r, ReadError)]
    assert len(errors) == 1 and errors[0].line == 2 and "bundle.jsonl:2" in str(errors[0])


def test_readers_html_page(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(["Officials said at least 40 people were hurt in the attack on Monday."] * 8)
    path.write_text(f"<html><head><title>Attack hurts 40</title></head><body><nav>Menu Home</nav>"
                    f"<article><h1>Attack hurts 40</h1><p>{body}</p><p>{body}</p></article></body></html>",
                    encoding="utf-8")
    results = _read_all(path)
    assert isinstance(results[0], Article), results[0]
    assert "at least 40 people" in results[0].text and "Menu" not in results[0].text


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
    ("caf\u00e9 story".encode("latin-1"), "not UTF-8"),
    (b"---\ntitle: [unclosed\n---\nText.\n", "malformed front matter"),
    (b"---\nid: ../escape\ntitle: T\n---\nText.\n", "is not allowed"),
    (b"---\ntitle: !!python/object/apply:os.system [echo hi]\n---\nText.\n", "malformed front matter"),
])
def test_readers_bad_input_gets_one_line_error_naming_file(tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    (result,) = _read_all(path)
    assert isinstance(result, ReadError)
    assert message in str(result) and "bad.md" in str(result) and "\n" not in str(result)


def test_readers_duplicate_ids_are_errors(tmp_path):
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text("---\nid: same\ntitle: T\n---\nText here.\n", encoding="utf-8")
    results = _read_all(tmp_path)
    assert sum(isinstance(r, Article) for r in results) == 1
    assert "duplicate id 'same'" in str(next(r for r in results if isinstance(r, ReadError)))


def test_readers_missing_folder(tmp_path):
    (result,) = _read_all(tmp_path / "nope")
    assert isinstance(result, ReadError) and "no such file or folder" in str(result)


def test_readers_unknown_front_matter_fields_kept(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: T\nauthor: Jane\n---\nBody text.\n", encoding="utf-8")
    assert MarkdownReader().read_one(path).extra == {"author": "Jane"}


def test_readers_example_is_read_once():
    results = _read_all(EXAMPLE.parent)
    assert [r.id for r in results] == ["kursk-troops"]
