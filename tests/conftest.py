"""Shared helpers: run the real CLI in a subprocess against a temporary data dir."""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
BUNDLED = ROOT / "content" / "never-let-me-go"


# Each app test allocates millions of short-lived objects (strips, segments, styles),
# so Python's default (a collection every 700 allocations, a full one every 70,000)
# spent about an eighth of the tests' CPU collecting: 30.5 s against 26.7 s for six of
# the app test files with these thresholds. Only this process's: the app in a terminal
# or a browser tab keeps Python's defaults, and the app's own gc.freeze is unchanged.
gc.set_threshold(10_000, 10, 10)

# Bytecode is kept (in __pycache__ folders inside this clone, as Python does by default)
# even where PYTHONDONTWRITEBYTECODE is set, as on some CI machines: the suite starts
# about 150 Python processes (apps in tmux and behind browser tabs, servers, commands)
# and four workers, and with it set each compiled the companion and the tests again.
# Measured on 2 cores, full runs from a clean clone: 213-215 s of CPU against 220-223 s.
# Set here, before the workers start: they and every process they start inherit it.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# the toml-test corpus of invalid TOML files, vendored (MIT, see its README and LICENSE)
TOML_INVALID = ROOT / "tests" / "toml_test" / "invalid"


def run_companion(
    *args: str,
    data_dir: Path | None = None,
    input: str | bytes | None = None,
    env: dict | None = None,
    cwd: Path | None = None,
    text: bool = True,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """Run `companion ARGS` as a user would; never touches the real data dir.

    By default the real command runs in this process: ``main`` with standard streams,
    environment and working folder of its own, as `python -m companion` has them (a
    new interpreter costs about 60 ms of CPU, and the suite runs about 400 commands).
    ``process=True`` starts `python -m companion`, for what only a process shows: the
    entry point, a command that serves, one that could hang (a timeout ends it).
    ``text=False``: the output as the bytes written."""
    full_env = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
    full_env.update(env or {})
    argv = [] if data_dir is None else ["--data-dir", str(data_dir)]
    argv += list(args)
    if process:
        return subprocess.run(
            [sys.executable, "-m", "companion", *argv],
            capture_output=True,
            text=text,
            input=input,
            env=full_env,
            cwd=cwd or ROOT,
            timeout=120,
        )
    given = input.encode() if isinstance(input, str) else input or b""
    code, out, err = _run_here(argv, given, full_env, cwd or ROOT)
    if text:
        return subprocess.CompletedProcess(["companion", *argv], code, out.decode(), err.decode())
    return subprocess.CompletedProcess(["companion", *argv], code, out, err)


class _Pipe(io.TextIOWrapper):
    """A standard stream as a pipe gives it (text over bytes, not a terminal); closing
    it (as the CLI does to its stderr on a broken pipe) keeps what was written."""

    def __init__(self, data: bytes = b"", errors: str = "strict") -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors=errors)

    def close(self) -> None:
        self.flush()

    def written(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]


def _run_here(argv: list[str], input: bytes, env: dict, cwd: Path) -> tuple[int, bytes, bytes]:
    from companion.cli import main

    stdout, stderr = _Pipe(), _Pipe(errors="backslashreplace")
    saved = (sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd())
    sys.stdin, sys.stdout, sys.stderr = _Pipe(input), stdout, stderr
    os.environ.clear()
    os.environ.update(env)
    time.tzset()  # a TZ given, as a new process would read it
    os.chdir(cwd)
    try:
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse: --help, --version, a usage error
            code = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
            if isinstance(exit.code, str):
                print(exit.code, file=sys.stderr)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.environ.clear()
        os.environ.update(saved[3])
        time.tzset()
        os.chdir(saved[4])
    return code, stdout.written(), stderr.written()


_GUIDES: dict[int, dict] = {}


def guide_json(n: int) -> dict:
    """What `companion guide --upto N --format json` prints for a new reader of the
    bundled book: the real command, run in this process (no interpreter to start for
    each of 24 chapters) and kept for the run (the pack does not change)."""
    if n not in _GUIDES:
        from companion.cli import main

        out, err = io.StringIO(), io.StringIO()
        with tempfile.TemporaryDirectory() as data, redirect_stdout(out), redirect_stderr(err):
            code = main(["--data-dir", data, "guide", "--upto", str(n), "--format", "json"])
        assert code == 0, f"guide --upto {n} failed:\n{err.getvalue()}"
        _GUIDES[n] = json.loads(out.getvalue())
    return _GUIDES[n]


def later_by_hand(path: Path) -> None:
    """Date a file just edited in place a clock tick later, as an edit by hand would be
    (two writes within one tick of the file system's clock can share a time stamp)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers more than cores for ``-n auto``. Many tests wait on something
    outside their worker (the minute of keys to an app in tmux, a browser tab, the
    app's next frame, a file watcher's tick); the extra workers run tests meanwhile.
    On 2 cores, measured quiet: 198 s with 2 workers, 144-150 s with 3, 134 s with 4."""
    return (os.cpu_count() or 1) + 2


def slow_seconds(item: pytest.Item) -> float:
    """How long a slow test takes: ``@pytest.mark.slow(seconds=N)`` (0 for the rest)."""
    marker = item.get_closest_marker("slow")
    return 0.0 if marker is None else float(marker.kwargs.get("seconds", 10))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first, spread over the workers. With ``--dist worksteal`` (see
    pyproject.toml) worker k starts on the k-th of equal consecutive parts of this
    order, and an idle worker takes from the end of another's part: each part begins
    with a lane of slow tests, the longest to the least loaded lane, so no worker runs
    all of them one after the other while the others finish early."""
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    slow = sorted((i for i in items if slow_seconds(i)), key=slow_seconds, reverse=True)
    rest = [i for i in items if not slow_seconds(i)]
    lanes: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for item in slow:
        min(lanes, key=lambda lane: sum(map(slow_seconds, lane))).append(item)
    order: list[pytest.Item] = []
    left = len(items)
    for k, lane in enumerate(lanes):
        size = left // (workers - k)  # as worksteal splits what is pending
        left -= size
        taken = max(0, size - len(lane))
        order += lane + rest[:taken]
        rest = rest[taken:]
    items[:] = order + rest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the pack cache of every test run out of the user's cache folder."""
    os.environ["COMPANION_CACHE_DIR"] = str(tmp_path_factory.mktemp("pack-cache"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def browser(request):
    """Debian's Chromium for the serve tests of one module, with the module's
    ``CHROMIUM_EXTRA`` arguments if it has some. Not for the session: Playwright's sync
    API keeps an event loop that the asyncio tests run after it would find running."""
    from tests.serve_helpers import chromium

    yield from chromium(*getattr(request.module, "CHROMIUM_EXTRA", ()))


@pytest.fixture
def context(browser):
    """A new browser context for each test (its own cookies, storage and pages)."""
    from tests.serve_helpers import fresh_context

    yield from fresh_context(browser)
