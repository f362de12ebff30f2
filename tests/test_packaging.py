"""The installed package works on its own: rules ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this tree, unpacked into a folder of its own."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    wheel = next(out.glob("xref-*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert any(n.startswith("xref/rules/") and n.endswith(".toml") for n in names)
        z.extractall(target)
    return target


def _run(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [sys.executable, "-m", "xref", *args], capture_output=True, text=True, env=env,
        cwd=cwd, check=False,
    )


def test_installed_package_finds_its_rules(installed: Path, tmp_path: Path) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import xref, sys; print(xref.__file__)"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(installed)},
        cwd=tmp_path, check=True,
    )
    assert probe.stdout.strip().startswith(str(installed))
    listed = _run(installed, "rules", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "count-mismatch" in listed.stdout


def test_installed_package_reports_the_seeds(installed: Path, tmp_path: Path) -> None:
    done = _run(installed, "report", str(ROOT / "seeds"), "--format", "json", "--no-cache",
                cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert '"clusters"' in done.stdout
