"""Installed, policykg claims only the `policykg` import name and ships its data files."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policykg import settings

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run Python code in the project's interpreter from another directory."""
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_generic_names_are_not_importable_outside_the_repo(tmp_path: Path) -> None:
    for name in ("kg", "web", "loaders", "ontology", "queries"):
        assert _python(f"import {name}", tmp_path).returncode != 0, name
    ok = _python("from policykg.kg.canned import load_queries; from policykg.ontology import ontology_path;"
                 "print(len(load_queries()), ontology_path().is_file())", tmp_path)
    assert ok.returncode == 0, ok.stderr
    count, exists = ok.stdout.split()
    assert int(count) >= 10 and exists == "True"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel of the project built from the working tree."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return zipfile.ZipFile(next(out.glob("policykg-*.whl")))


def test_wheel_has_one_top_level_package_and_its_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"policykg"}
    for required in ("policykg/ontology/policykg.ttl", "policykg/ontology/shapes.ttl",
                     "policykg/queries/agency_measures.rq", "policykg/loaders/data/agencies.csv",
                     "policykg/loaders/data/agency_types.csv", "policykg/loaders/data/jurisdictions.csv",
                     "policykg/loaders/data/patterns.toml", "policykg/web/templates/base.html",
                     "policykg/web/static/style.css"):
        assert required in names, required


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in settings.SETTINGS:
        assert s.env in readme, f"{s.name} ({s.env}) is not in the README's settings table"
