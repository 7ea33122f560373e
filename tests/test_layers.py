"""The layout's rule, checked: the wings of geo/ import downwards only (import-linter's contracts in
pyproject.toml), and the check fails when someone adds an import that breaks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    """import-linter on the ``geo`` package found in ``package_parent``, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def copy_of_geo(tmp_path) -> Path:
    shutil.copytree(ROOT / "geo", tmp_path / "geo", ignore=shutil.ignore_patterns("__pycache__", "locale"))
    return tmp_path


def test_the_project_keeps_its_layers(copy_of_geo):
    """As it is, every contract is kept: ingest knows nothing of maps, figures nothing of folium."""
    done = lint_imports(copy_of_geo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("ingest/loaders.py", "import geo.maps.map_builder", "import downwards only"),
        ("figures/metrics.py", "import folium", "nothing draws"),
        ("maps/shapes.py", "import streamlit", "Nothing in geo/ imports Streamlit"),
    ],
)
def test_a_forbidden_import_breaks_the_check(copy_of_geo, module, line, contract):
    """A lower wing that imports a higher one (or folium, or Streamlit) fails `make test`, naming the contract."""
    path = copy_of_geo / "geo" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # a forbidden import\n", encoding="utf-8")
    done = lint_imports(copy_of_geo)
    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), done.stdout
