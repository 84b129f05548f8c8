"""Dependencies are honest: every one has a range, and the lock file installs a tested set."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(text) for text in named]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_every_dependency_is_named_with_a_range():
    for requirement in _requirements():
        operators = {spec.operator for spec in requirement.specifier}
        bounded = "==" in operators or (
            operators & {">=", ">", "~="} and operators & {"<", "<=", "~="}
        )
        assert bounded, f"{requirement}: give a lower and an upper bound (or ==)"


def test_the_lock_file_pins_every_dependency_inside_its_range():
    pins = _pins()
    for requirement in _requirements():
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in constraints.txt: run .ci/lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"constraints.txt has {requirement.name}=={version}, outside {requirement}: "
            "run .ci/lock"
        )


def test_ci_runs_the_readme_test_command_with_the_lock_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    section = readme.split("## Test", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", section, re.S).group(1).strip()
    assert "-c constraints.txt" in command
    # each step of the README's command, in order (CI checks style and types between)
    at = 0
    for step in command.split(" && "):
        found = ci.find(step, at)
        assert found >= 0, f".ci/run does not run {step!r} after the steps before it"
        at = found + len(step)


def test_ci_checks_style_and_types_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests = ci.index(".venv/bin/python -m pytest")
    for check in (".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"):
        assert -1 < ci.find(check) < tests, f".ci/run does not run {check!r} before the tests"
