"""Shared helpers: run the real CLI in a subprocess against a temporary data dir."""

from __future__ import annotations

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
    """One worker a core for ``-n auto``. With Pilot's own press and pause two a core
    were faster on a quiet machine (358 s against 402 s on 2 cores), since those sleep
    while they look for an idle process; the tests now wait on the app itself
    (companion/tui/drive.py) and two a core gain nothing (313 s against 301-317 s)."""
    return os.cpu_count() or 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: on parallel workers they then run beside the others
    instead of alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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
