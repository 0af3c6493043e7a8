"""A resident extractor: a background process that keeps spaCy and the model loaded between builds.

A build that re-extracts one changed article spends most of its extraction importing spaCy and
loading the model (about 2.5 s of CPU), not extracting. With ``resident: true`` in the ``briefing``
block, a build that extracts in its own process sends those articles here instead; when nothing
answers, it extracts as usual and starts this process for the builds after it.

The process serves one user: it listens on a Unix socket in a folder only that user can open, and
``multiprocessing.connection`` authenticates every call with a key kept there. Its address is keyed
by briefing's own code, so an upgraded or edited briefing never talks to an old process. It exits
after ``IDLE_SECONDS`` without work, or on ``briefing resident --stop``.
"""
from __future__ import annotations

import fcntl
import logging
import os
import pickle
import secrets
import stat
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Client, Listener
from pathlib import Path
from typing import Optional

from .provenance import code_digest

IDLE_SECONDS = 20 * 60
ANSWER_SECONDS = 600
"""Longest wait for one chunk's briefs before extracting it here instead."""
RUNTIME_ENV = "BRIEFING_RUNTIME_DIR"
_STARTED: list[subprocess.Popen] = []

log = logging.getLogger("briefing")


def runtime_dir() -> Optional[Path]:
    """The folder for the socket and key: ours alone (mode 0700), or None when it cannot be."""
    base = os.environ.get(RUNTIME_ENV) or os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"briefing-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
    return folder if private else None


def _paths(folder: Path) -> tuple[Path, Path]:
    name = f"extractor-{code_digest()}"
    return folder / f"{name}.sock", folder / f"{name}.key"


def _connect(timeout: float = 2.0):
    """A connection to the running process, or None."""
    folder = runtime_dir()
    if folder is None:
        return None
    socket_path, key_path = _paths(folder)
    try:
        key = key_path.read_bytes()
        return _with_timeout(lambda: Client(str(socket_path), family="AF_UNIX", authkey=key), timeout)
    except (OSError, EOFError, ValueError):
        return None


def _with_timeout(connect, timeout: float):
    """Connecting to a process that is alive but stuck must not hang the build."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(connect()), daemon=True)
    thread.start()
    thread.join(timeout)
    if not result:
        raise OSError("the resident extractor did not answer")
    return result[0]


def _call(message: tuple, timeout: float):
    """The answer to one message, or None when no process answers in time."""
    conn = _connect()
    if conn is None:
        return None
    try:
        conn.send(message)
        return conn.recv() if conn.poll(timeout) else None
    except (OSError, EOFError):
        return None
    finally:
        conn.close()


def extract(spec, articles: list) -> Optional[list]:
    """The chunk's results from the resident process; None (and one started) when none answers."""
    answer = _call(("extract", spec, articles), ANSWER_SECONDS)
    if answer is not None and answer[0] == "ok":
        return answer[1]
    if answer is None:
        if not any(process.poll() is None for process in _STARTED):  # one still loading serves later chunks
            start(spec)
    else:  # it could not build this pipeline: extracting here reports why
        log.debug("resident extractor: %s", answer[1])
    return None


def start(spec) -> None:
    """Start the process in the background, loading ``spec``'s pipeline; it outlives this build
    and the terminal."""
    folder = runtime_dir()
    if folder is None:
        log.warning("resident extractor: no private runtime folder; extracting in each build")
        return
    with open(folder / "extractor.log", "ab") as errors:
        process = subprocess.Popen([sys.executable, "-m", "generator.resident"], cwd=str(folder),
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors,
                                   start_new_session=True)
    with process.stdin as pipe:
        pipe.write(pickle.dumps(spec))
    _STARTED.append(process)  # it outlives this build by design: no "still running" warning when collected
    log.info("Started a resident extractor: the next builds skip loading the model")


def status() -> Optional[dict]:
    answer = _call(("status",), 5)
    return answer[1] if answer else None


def stop() -> bool:
    return _call(("stop",), 5) is not None


class _Server:
    """Answers one call at a time: extracting is CPU-bound, and one build calls at a time."""

    def __init__(self, folder: Path, spec=None):
        self.spec = spec
        self.socket_path, self.key_path = _paths(folder)
        self.started = self.last_call = time.monotonic()
        self.calls = 0

    def run(self) -> None:
        with open(self.socket_path.with_suffix(".lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # another one already serves this code
            self.socket_path.unlink(missing_ok=True)  # left by a process that died
            self._preload()
            key = secrets.token_bytes(32)
            with Listener(str(self.socket_path), family="AF_UNIX", authkey=key) as listener:
                _write_private(self.key_path, key)
                threading.Thread(target=self._exit_when_idle, daemon=True).start()
                self._serve(listener)
            self._clean_up()

    def _preload(self) -> None:
        """Load before listening: a build that finds no socket extracts itself meanwhile."""
        from .parallel import WorkerSetupError, load_pipeline

        if self.spec is not None:
            try:
                load_pipeline(self.spec)
            except WorkerSetupError:
                pass  # the first call gets the error and extracts itself, reporting it

    def _serve(self, listener: Listener) -> None:
        while True:
            try:
                with listener.accept() as conn:
                    if not self._answer(conn, conn.recv()):
                        return
            except (OSError, EOFError) as exc:  # a caller that left or failed to authenticate
                print(f"resident extractor: {exc}", file=sys.stderr)

    def _answer(self, conn, message: tuple) -> bool:
        """Reply to one message; False to stop serving."""
        self.last_call = time.monotonic()
        if message[0] == "extract":
            from .parallel import extract_chunk

            self.calls += 1
            try:
                conn.send(("ok", extract_chunk(message[1], message[2])))
            except Exception as exc:  # noqa: BLE001 - the caller extracts itself and reports it
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
        elif message[0] == "status":
            conn.send(("ok", {"pid": os.getpid(), "code": code_digest(), "calls": self.calls,
                              "up_seconds": round(time.monotonic() - self.started),
                              "cpu_seconds": time.process_time()}))
        elif message[0] == "stop":
            conn.send(("ok", None))
            return False
        return True

    def _exit_when_idle(self) -> None:
        while time.monotonic() - self.last_call < IDLE_SECONDS:
            time.sleep(min(60, IDLE_SECONDS))
        self._clean_up()
        os._exit(0)

    def _clean_up(self) -> None:
        for path in (self.socket_path, self.key_path):
            path.unlink(missing_ok=True)


def _write_private(path: Path, data: bytes) -> None:
    """Written whole and readable by its owner only, so a caller never reads half a key."""
    partial = path.with_suffix(".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(partial, path)


if __name__ == "__main__":
    _folder = runtime_dir()
    if _folder is not None:
        _Server(_folder, pickle.load(sys.stdin.buffer)).run()
