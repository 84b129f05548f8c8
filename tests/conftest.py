"""Shared helpers: run the real CLI in a subprocess against a temporary data dir."""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
import tempfile
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

# the toml-test corpus of invalid TOML files, vendored (MIT, see its README and LICENSE)
TOML_INVALID = ROOT / "tests" / "toml_test" / "invalid"


def run_companion(
    *args: str,
    data_dir: Path | None = None,
    input: str | None = None,
    env: dict | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run `python -m companion ARGS` as a user would; never touches the real data dir."""
    full_env = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
    full_env.update(env or {})
    command = [sys.executable, "-m", "companion"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(
        command + list(args),
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=120,
    )


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
def browser():
    """Debian's Chromium for the serve tests of one module. Not for the session:
    Playwright's sync API keeps an event loop that the asyncio tests run after it
    would find running."""
    from tests.serve_helpers import chromium

    yield from chromium()


@pytest.fixture
def context(browser):
    """A new browser context for each test (its own cookies, storage and pages)."""
    from tests.serve_helpers import fresh_context

    yield from fresh_context(browser)
