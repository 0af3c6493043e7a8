"""Run extraction, a pure map from Article to Brief, in-process, on every core or on a Dask cluster.

All three ways call the same ``extract_chunk``, so the briefs are the same bytes whichever
runs them. Work is sent in small chunks with a bounded number in flight, so memory stays
flat however many articles there are; one failing article never stops the others.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .article import Article
from .brief import Brief
from .errors import ConfigError, ExtractError

CHUNK_SIZE = 8
"""Articles per task: enough for ``nlp.pipe`` to batch, few enough to spread over workers."""
IN_FLIGHT_PER_WORKER = 4
"""Chunks queued per worker: keeps every core busy without holding the whole archive in memory."""

Result = Union[Brief, ExtractError]


class WorkerSetupError(RuntimeError):
    """A worker could not build the pipeline: every article would fail, so the run stops."""


@dataclass
class Failure:
    """An article a worker could not extract (plain data: crosses process boundaries)."""

    message: str


@dataclass(frozen=True)
class PipelineSpec:
    """Everything a worker needs to build the same pipeline as the caller (picklable)."""

    model: str
    rule_files: tuple[str, ...]
    default_rules: bool
    rules_digest: str
    """The caller's RuleSet.digest: a worker whose rule files differ refuses to run."""


_PIPELINE: dict[PipelineSpec, tuple] = {}
"""One pipeline per process, built on first use (or by the pool's initializer)."""


def worker_count(setting: int) -> int:
    """The ``workers`` setting as a number of processes: 0 means one per core."""
    if setting and setting > 0:
        return setting
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def load_pipeline(spec: PipelineSpec):
    """The (nlp, rules) pair for ``spec``, built once per process."""
    cached = _PIPELINE.get(spec)
    if cached is None:
        from .nlp import build_pipeline, cached_rules

        try:
            rules = cached_rules(spec.rule_files, spec.default_rules)
            if rules.digest != spec.rules_digest:
                # cached_rules is keyed by path: a rule file edited in a long-lived process
                # (mkdocs serve) needs it read again.
                cached_rules.cache_clear()
                rules = cached_rules(spec.rule_files, spec.default_rules)
            if rules.digest != spec.rules_digest:
                raise ConfigError(None, "a worker's rule files or briefing version differ from the "
                                        "caller's: install the same briefing and rule files on every worker")
            nlp = build_pipeline(spec.model, [Path(p) for p in spec.rule_files], spec.default_rules)
        except Exception as exc:  # noqa: BLE001 - re-raised as one picklable type
            raise WorkerSetupError(str(exc)) from None
        _PIPELINE.clear()  # one pipeline per process: an outdated one is only memory
        cached = _PIPELINE[spec] = (nlp, rules)
    return cached


def _init_worker(spec: PipelineSpec) -> None:
    """Pool initializer: build the pipeline now; a failure is reported by the first chunk."""
    try:
        load_pipeline(spec)
    except WorkerSetupError:
        pass


def extract_chunk(spec: PipelineSpec, articles: list[Article]) -> list[Union[Brief, Failure]]:
    """Briefs (or failures) for a few articles, in order; the unit of work for every backend."""
    from .extract import brief_from_doc

    nlp, rules = load_pipeline(spec)
    try:
        docs = list(nlp.pipe(a.text for a in articles))
    except Exception:  # noqa: BLE001 - find the culprit article by article below
        docs = [None] * len(articles)
    results: list[Union[Brief, Failure]] = []
    for article, doc in zip(articles, docs):
        try:
            if doc is None:
                doc = nlp(article.text)
            results.append(brief_from_doc(doc, rules, article))
        except Exception as exc:  # noqa: BLE001 - any failure is reported against its file
            results.append(Failure(f"extraction failed: {exc}"))
    return results


def relative_source(article: Article, root: Optional[Path]) -> Article:
    """The article with its path relative to the project, computed here so remote workers agree."""
    if root is None:
        return article
    try:
        path = str(Path(article.path).resolve().relative_to(root.resolve()))
    except ValueError:
        return article
    return replace(article, path=path)


def chunked(articles: Iterable[Article], size: int = CHUNK_SIZE) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_extraction(spec: PipelineSpec, articles: Iterable[Article], workers: int = 0,
                   scheduler: Optional[str] = None, resident: bool = False) -> Iterator[tuple[Article, Result]]:
    """Yield (article, Brief or ExtractError) in input order.

    ``scheduler`` (a Dask scheduler address, or a ``distributed.Client``) sends the work to a
    cluster; otherwise ``workers`` processes run it here (1: in this process). ``resident`` sends
    work for this process to the resident extractor, which keeps the model loaded between runs.
    """
    chunks = chunked(articles)
    if scheduler is not None:
        yield from _run_dask(spec, chunks, scheduler)
        return
    count = worker_count(workers)
    if hasattr(articles, "__len__"):  # a pool costs a model load per process: not for a few articles
        count = min(count, -(-len(articles) // CHUNK_SIZE))
    if count <= 1:
        for chunk in chunks:
            yield from _collect(chunk, _in_this_process(spec, chunk, resident))
        return
    yield from _run_pool(spec, chunks, count)


def _run_pool(spec: PipelineSpec, chunks: Iterator[list[Article]], count: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers start clean (no inherited threads or half-loaded models) but cheaply.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["generator.nlp", "generator.extract"])  # import spaCy once
    with ProcessPoolExecutor(count, mp_context=context, initializer=_init_worker,
                             initargs=(spec,)) as pool:
        yield from _bounded(lambda chunk: pool.submit(extract_chunk, spec, chunk), chunks,
                            count * IN_FLIGHT_PER_WORKER)


def _run_dask(spec: PipelineSpec, chunks: Iterator[list[Article]], scheduler):
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError(None, "--scheduler needs Dask: pip install 'briefing[dask]'") from exc
    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        workers = max(1, sum(client.nthreads().values()))  # every worker thread, however many workers
        # pure=False: two chunks with equal articles are still two tasks.
        yield from _bounded(lambda chunk: client.submit(extract_chunk, spec, chunk, pure=False), chunks,
                            workers * IN_FLIGHT_PER_WORKER)
    finally:
        if own:
            client.close()


def _bounded(submit, chunks: Iterator[list[Article]], limit: int):
    """Keep at most ``limit`` chunks in flight; yield results in input order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= limit:
            yield from _collect(*pending.popleft())
    while pending:
        yield from _collect(*pending.popleft())


class _Done:
    """Runs a call now and answers like a future, so in-process work shares ``_collect``."""

    def __init__(self, fn, *args):
        try:
            self._value, self._error = fn(*args), None
        except Exception as exc:  # noqa: BLE001 - raised again by result(), as a future does
            self._value, self._error = None, exc

    def result(self):
        if self._error is not None:
            raise self._error
        return self._value


def _in_this_process(spec: PipelineSpec, chunk: list[Article], resident: bool) -> "_Done":
    if resident:
        from . import resident as resident_extractor

        results = resident_extractor.extract(spec, chunk)
        if results is not None:
            return _Done(lambda: results)
    return _Done(extract_chunk, spec, chunk)


def _collect(chunk: list[Article], future) -> Iterator[tuple[Article, Result]]:
    try:
        results = future.result()
    except WorkerSetupError as exc:
        raise ConfigError(None, str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a lost worker fails its chunk, not the run
        results = [Failure(f"extraction failed: {type(exc).__name__}: {exc}")] * len(chunk)
    for article, result in zip(chunk, results):
        if isinstance(result, Failure):
            result = ExtractError(article.path, result.message, article.line)
        yield article, result
