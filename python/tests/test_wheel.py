"""The wheel as a user gets it: its name and contents, a plain `pip install` into a fresh virtual environment,
and the installed binary running with no Swift toolchain and no libpng/libjpeg on the machine."""

import os
import re
import shutil
import stat
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import FIXTURES, tree

#: What may stay dynamic: the C library family, on every manylinux allow-list.
ALLOWED = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2",
           "libpthread.so.0", "libdl.so.2"}


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def test_name_tag_and_contents(wheel_path):
    name = os.path.basename(wheel_path)
    assert re.fullmatch(r"augment-\d+\.\d+\.\d+-py3-none-manylinux_2_\d+_x86_64\.whl", name), name
    with zipfile.ZipFile(wheel_path) as z:
        names = z.namelist()
        info = z.getinfo("augment/_bin/augment")
        meta = z.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
        entry = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert stat.S_IMODE(info.external_attr >> 16) & 0o111, "the binary is not executable in the wheel"
    assert "Root-Is-Purelib: false" in meta
    assert "augment = augment._binary:main" in entry
    for f in ("augment/__init__.py", "augment/_run.py", "augment/_pipeline.py", "augment/ray.py",
              "augment/py.typed", "augment/_bin/NOTICE"):
        assert f in names, f
    assert not any(".libs/" in n for n in names), "auditwheel grafted libraries"
    assert not any(n.startswith("tests/") for n in names)


def test_auditwheel_show(wheel_path):
    """auditwheel checks the tag and finds no external library to graft."""
    exe = shutil.which("auditwheel") or os.path.join(os.path.dirname(sys.executable), "auditwheel")
    if not os.path.exists(exe):
        pytest.skip("auditwheel is not installed here")
    p = subprocess.run([exe, "show", wheel_path], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    text = " ".join(p.stdout.split())
    tag = re.search(r"augment-[^-]+-py3-none-(manylinux_2_\d+_x86_64)\.whl", os.path.basename(wheel_path)).group(1)
    assert f'consistent with the following platform tag: "{tag}"' in text, text
    assert "external shared libraries are required" not in text, text


def test_binary_needs_only_the_c_library_family(binary):
    libs = needed(binary)
    assert libs and set(libs) <= ALLOWED, libs
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    for bad in ("not found", "libpng", "libjpeg", "libz.so", "libswift", "libFoundation", "libdispatch"):
        assert bad not in ldd, ldd


@pytest.fixture(scope="module")
def fresh(wheel_path, tmp_path_factory):
    """A fresh virtual environment with the wheel installed by a plain `pip install`."""
    d = tmp_path_factory.mktemp("fresh")
    venv.create(d / "v", with_pip=True)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([str(d / "v/bin/python"), "-m", "pip", "install", "-q", "--no-index", wheel_path],
                   check=True, env=env)
    return d / "v"


def test_pip_install_into_a_fresh_venv(fresh):
    py, exe = str(fresh / "bin/python"), str(fresh / "bin/augment")
    path = subprocess.run([py, "-c", "import augment; print(augment.binary_path())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert path.startswith(str(fresh)) and path.endswith("site-packages/augment/_bin/augment")
    p = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert p.returncode == 0 and "USAGE: augment <input>..." in p.stdout


def hide_command(tmp_path):
    """A shell prefix that runs a command in a new mount namespace where libpng and libjpeg are empty files
    and the Swift toolchain's folder is an empty tmpfs; None where that cannot be done (not root, no unshare)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    libdir = "/usr/lib/x86_64-linux-gnu"
    hidden = [os.path.join(libdir, n) for n in sorted(os.listdir(libdir))
              if re.match(r"lib(png16|jpeg|turbojpeg)\.so", n) and not os.path.islink(os.path.join(libdir, n))]
    swift = shutil.which("swift")
    toolchain = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(swift)))) if swift else None
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    script = "set -e\n"
    for f in hidden:
        script += f"mount --bind {empty} {f}\n"
    if toolchain and toolchain not in ("/", "/usr"):
        script += f"mount -t tmpfs none {toolchain}\n"
    script += 'exec "$@"\n'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"], hidden, toolchain


def test_runs_without_swift_libpng_libjpeg(fresh, tmp_path, binary):
    """In a mount namespace where libpng's and libjpeg's files are empty and the Swift toolchain is gone,
    the installed console script and the API run, and write what the same binary writes outside it."""
    made = hide_command(tmp_path)
    if made is None:
        pytest.skip("needs root and unshare (util-linux) for a mount namespace")
    prefix, hidden, toolchain = made
    assert any("libpng16" in h for h in hidden) and any("libjpeg" in h for h in hidden), hidden
    env = {"PATH": f"{fresh}/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    works = subprocess.run(prefix + ["true"], capture_output=True, text=True)
    if works.returncode != 0:
        pytest.skip(f"no mount namespace here: {works.stderr.strip()}")
    # The hiding works: a program that loads libpng fails in there (and loads it outside).
    load = [sys.executable, "-c", "import ctypes; ctypes.CDLL('libpng16.so.16')"]
    assert subprocess.run(load, capture_output=True).returncode == 0
    probe = subprocess.run(prefix + load, capture_output=True, text=True)
    assert probe.returncode != 0, "libpng16 still loads inside the namespace"
    if toolchain:
        ls = subprocess.run(prefix + ["ls", "-A", toolchain], capture_output=True, text=True)
        assert ls.returncode == 0 and ls.stdout == "", ls
    images = os.path.join(FIXTURES, "images")
    ops = ["--op", "rotate=-15..15,resample=bilinear,crop=inscribed", "--op", "flip=h,p=0.5"]
    inside = subprocess.run(prefix + [str(fresh / "bin/augment"), images, "-o", str(tmp_path / "in"), *ops,
                                      "--copies", "2", "--seed", "7", "--quiet"],
                            capture_output=True, text=True, env=env)
    assert inside.returncode == 0, inside.stderr
    api = subprocess.run(prefix + [str(fresh / "bin/python"), "-c",
                                   "import augment, sys; s = augment.run(sys.argv[1], sys.argv[2], "
                                   "['rotate=-15..15,resample=bilinear,crop=inscribed', 'flip=h,p=0.5'], "
                                   "copies=2, seed=7, progress=False); print(s.ok, s.failed)",
                                   images, str(tmp_path / "api")], capture_output=True, text=True, env=env)
    assert api.returncode == 0 and api.stdout.split() == ["28", "0"], api.stderr
    outside = subprocess.run([binary, images, "-o", str(tmp_path / "out"), *ops, "--copies", "2", "--seed", "7",
                              "--quiet"], capture_output=True, text=True)
    assert outside.returncode == 0
    a = tree(tmp_path / "out")
    assert len(a) == 28 and tree(tmp_path / "in") == a == tree(tmp_path / "api")
