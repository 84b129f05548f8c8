"""The bundled book ships inside the wheel: an installed companion finds it anywhere."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_wheel_carries_the_content_pack(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0:  # no hatchling in this venv: build in isolation (needs PyPI)
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("companion-*.whl"))
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "COMPANION_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run(
        [sys.executable, "-m", "companion", "validate"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(target) in result.stdout  # the pack came from the installed wheel
    assert "Never Let Me Go by Kazuo Ishiguro: 23 chapters" in result.stdout
