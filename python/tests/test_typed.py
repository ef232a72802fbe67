"""The package is typed (py.typed): mypy --strict passes on it as installed, and on code that uses it."""

import subprocess
import sys

import pytest

USER_CODE = '''
import augment

ops = augment.Pipeline().rotate(-15, 15, resample="bilinear", crop="inscribed").flip("h", p=0.5)
summary: augment.Summary = augment.run("in", "out", ops, copies=4, seed=7, workers=2, progress=False)
ok: int = summary.ok + summary.damaged
for f in summary.failed_inputs:
    text: str = f.input
for row in augment.iter_run("in", "out", ["rot90"], skip_existing=True):
    out: str | None = row.output
    ms: float | None = row.ms
total: int = augment.plan("in", "out", ops).outputs
try:
    augment.run("in", "out", ops, copies=0)
except augment.UsageError as e:
    code: int | None = e.returncode
'''

WRONG = '''
import augment
augment.run("in", "out", ["rot90"], copies="four")
'''


@pytest.fixture(scope="module")
def mypy(tmp_path_factory):
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.skip("mypy is not installed here")
    cache = tmp_path_factory.mktemp("mypy-cache")  # shared by the runs below: the standard library once

    def run(*args):
        return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *args],
                              capture_output=True, text=True)
    return run


def test_the_package_passes_mypy_strict(mypy):
    p = mypy("-p", "augment")
    assert p.returncode == 0, p.stdout + p.stderr


def test_user_code_is_checked_against_the_types(mypy, tmp_path):
    (tmp_path / "good.py").write_text(USER_CODE)
    (tmp_path / "bad.py").write_text(WRONG)
    good = mypy(str(tmp_path / "good.py"))
    assert good.returncode == 0, good.stdout
    bad = mypy(str(tmp_path / "bad.py"))
    assert bad.returncode == 1 and 'Argument "copies" to "run" has incompatible type "str"' in bad.stdout, bad.stdout
