"""Shared fixtures. These tests run against the installed wheel (scripts/test-python installs it into the
test environment), never against python/augment/ in the checkout: see test_installed_from_the_wheel."""

import glob
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "Fixtures")


def pytest_configure(config):
    # The API's binary must be the wheel's, not a development build named by the environment.
    os.environ.pop("AUGMENT_BINARY", None)


@pytest.fixture(scope="session")
def wheel_path():
    """The wheel under test: $AUGMENT_WHEEL, else the one in dist/."""
    path = os.environ.get("AUGMENT_WHEEL")
    if not path:
        found = sorted(glob.glob(os.path.join(ROOT, "dist", "augment-*-py3-none-manylinux_*_x86_64.whl")))
        assert found, "no wheel in dist/: run scripts/wheel"
        path = found[-1]
    return os.path.abspath(path)


@pytest.fixture(scope="session")
def binary():
    import augment
    return augment.binary_path()


@pytest.fixture
def images():
    return os.path.join(FIXTURES, "images")


def tree(d):
    """{relative path: bytes} of every file under d."""
    out = {}
    for root, _, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, d)] = f.read()
    return out


def processes_of(exe):
    """Process ids whose executable is `exe` (the CLI and its workers: the same file)."""
    exe = os.path.realpath(exe)
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.path.realpath(os.readlink(f"/proc/{pid}/exe")) == exe:
                pids.append(int(pid))
        except OSError:
            pass
    return pids


def temporary_files(d):
    """The CLI's temporary files (hidden `.augment-tmp-<pid>-<name>`) left under d."""
    return [os.path.join(r, n) for r, _, names in os.walk(d) for n in names if n.startswith(".augment-tmp-")]


def cli(binary, *args, check=True):
    """Runs the CLI itself; returns the CompletedProcess."""
    p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode not in (0, 1):
        raise AssertionError(f"augment {' '.join(map(str, args))}: exit {p.returncode}: {p.stderr}")
    return p
