"""augment.run, augment.iter_run and augment.plan against the CLI itself, on Fixtures/."""

import inspect
import json
import os
import re
import subprocess
import sys

import pytest

import augment
from augment._options import OPTIONS, WRAPPER_OWNED
from conftest import FIXTURES, cli, tree

OPS = ["rotate=-15..15,resample=bilinear,crop=inscribed", "flip=h,p=0.5"]
BAD = [os.path.join(FIXTURES, "bad", n) for n in ("corrupt_entropy.jpg", "truncated_50pct.png", "not_an_image.jpg")]


def without_ms(row):
    return {k: v for k, v in row.items() if k != "ms"}


def report_rows(path, out):
    with open(path) as f:
        return [without_ms(json.loads(line)) for line in f if line.strip()]


def test_installed_from_the_wheel():
    site = os.path.dirname(os.path.dirname(augment.__file__))
    assert "site-packages" in site, f"augment imported from {augment.__file__}, not from the installed wheel"
    assert augment.binary_path() == os.path.join(os.path.dirname(augment.__file__), "_bin", "augment")


def test_run_matches_the_cli_byte_for_byte(tmp_path, binary, images):
    """run() writes exactly what the CLI writes with the same options, and its rows are the CLI's report."""
    inputs = [images, *BAD]
    p = cli(binary, *inputs, "-o", tmp_path / "cli", *sum((["--op", o] for o in OPS), []), "--copies", 2,
            "--seed", 7, "-j", 2, "--quiet", "--report", tmp_path / "cli.jsonl")
    assert p.returncode == 1  # the bad files fail
    s = augment.run(inputs, tmp_path / "api", OPS, copies=2, seed=7, workers=2, progress=False,
                    report=tmp_path / "api.jsonl")
    a, b = tree(tmp_path / "cli"), tree(tmp_path / "api")
    assert a and set(a) == set(b)
    assert all(a[k] == b[k] for k in a), [k for k in a if a[k] != b[k]]

    ref = report_rows(tmp_path / "cli.jsonl", tmp_path / "cli")
    fix = lambda rows: [json.loads(json.dumps(r).replace(str(tmp_path / "cli"), "OUT").replace(
        str(tmp_path / "api"), "OUT")) for r in rows]
    assert fix([without_ms(r.raw) for r in s.rows]) == fix(ref)
    assert fix(report_rows(tmp_path / "api.jsonl", tmp_path / "api")) == fix(ref)

    assert s.returncode == 1
    assert (s.ok, s.failed, s.skipped) == tuple(sum(r["status"] == k for r in ref) for k in ("ok", "failed", "skipped"))
    assert s.damaged == sum(r["status"] == "ok" and r["warnings"] is not None for r in ref) == 2  # 2 copies
    assert [f.input for f in s.failed_inputs] == BAD[1:]  # each failed input once, in input order
    assert all(f.error for f in s.failed_inputs)
    assert s.wall_time > 0 and s.total == len(ref)


def test_rows_are_typed(tmp_path, images):
    s = augment.run(images, tmp_path / "o", ["rot90"], progress=False)
    r = s.rows[0]
    assert isinstance(r, augment.Row) and r.ok and r.copy == 0 and r.error is None
    assert r.params["ops"] == [{"op": "rot90"}] or r.params["ops"][0]["op"] == "rot90"
    assert len(r.affine) == 2 and all(len(x) == 3 and all(isinstance(v, float) for v in x) for x in r.affine)
    assert isinstance(r.ms, float)
    assert os.path.isfile(r.output)


def test_iter_run_yields_in_input_order_as_the_cli_reports(tmp_path, binary, images):
    cli(binary, images, "-o", tmp_path / "cli", "--op", "rotate=-30..30", "--copies", 3, "--seed", 1,
        "--quiet", "--report", tmp_path / "cli.jsonl")
    ref = [r["output"].replace(str(tmp_path / "cli"), "") for r in report_rows(tmp_path / "cli.jsonl", None)]
    it = augment.iter_run(images, tmp_path / "api", "rotate=-30..30", copies=3, seed=1)
    got = [row.output.replace(str(tmp_path / "api"), "") for row in it]
    assert got == ref
    assert it.summary is not None and it.summary.ok == len(ref) and it.summary.rows == ()
    assert tree(tmp_path / "cli") == tree(tmp_path / "api")
    assert it.process.returncode == 0


def test_plan_counts_what_iter_run_yields(tmp_path, images):
    plan = augment.plan(images, tmp_path / "o", ["rot90"], copies=3)
    assert (plan.items, plan.outputs) == (14, 42)
    assert plan.pipeline == {"ops": [{"op": "rot90", "p": 1}]}
    assert not os.path.exists(tmp_path / "o")  # a dry run writes nothing
    assert sum(1 for _ in augment.iter_run(images, tmp_path / "o", ["rot90"], copies=3)) == plan.outputs


def test_from_list_as_an_iterable_and_skip_existing(tmp_path, images):
    names = sorted(os.path.join(images, n) for n in os.listdir(images) if n.endswith(".png"))
    s = augment.run(None, tmp_path / "o", ["rot180"], from_list=iter(names), progress=False)
    assert s.ok == len(names) == 4
    s2 = augment.run(None, tmp_path / "o", ["rot180"], from_list=names, skip_existing=True, progress=False)
    assert (s2.ok, s2.skipped) == (0, 4)


def test_failed_list_and_include(tmp_path, images):
    s = augment.run([images, *BAD], tmp_path / "o", "rot90", include=["*.png"], failed=tmp_path / "f.txt",
                    progress=False)
    # --include filters the walked files; a file named on the command line is always an item
    assert (s.ok, s.failed) == (4 + 1, 2)
    assert open(tmp_path / "f.txt").read().split("\n")[:2] == BAD[1:]


@pytest.mark.parametrize("kwargs, message", [
    ({"copies": 0}, "--copies must be between 1 and 10000, got 0"),
    ({"quality": 101}, "--quality must be between 1 and 100, got 101"),
    ({"workers": 0}, "-j must be between 1 and 4096, got 0"),
    ({"png_compression": 10}, "--png-compression must be between 0 and 9, got 10"),
    ({"task_timeout": 0.01}, "--task-timeout must be between 0.1 and 604800 seconds (a week), got 0.01"),
    ({"mask_fill": 255}, "--mask-fill needs --masks"),
    ({"min_visibility": 2}, "--min-visibility must be between 0 and 1, got 2.0"),
    ({"format": "gif"}, "The value 'gif' is invalid for '--format <format>'"),
    # The list of op names grows with the ops; its start and the value it got are the message's point.
    ({"ops": ["bogus"]}, "bad op 'bogus': an op name among rotate, flip, rot90"),
    ({"ops": ["rot90"], "pipeline": "p.json"}, "use --op or --pipeline, not both"),
    ({"shard": (3, 2)}, "--shard"),
])
def test_usage_errors_carry_the_cli_message(tmp_path, images, kwargs, message):
    kwargs = dict(kwargs)
    ops = kwargs.pop("ops", ["rot90"])
    with pytest.raises(augment.UsageError) as e:
        augment.run(images, tmp_path / "o", ops, progress=False, **kwargs)
    assert message in str(e.value), (str(e.value), e.value.stderr)
    assert e.value.returncode == 2
    assert not str(e.value).startswith(("augment: ", "Error: "))
    assert isinstance(e.value, ValueError)
    # iter_run raises the same at the first next()
    it = augment.iter_run(images, tmp_path / "o2", ops, **kwargs)
    with pytest.raises(augment.UsageError):
        next(it)


def test_a_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(augment.UsageError, match=r"^input /nonexistent/x: "):
        augment.run("/nonexistent/x", tmp_path / "o", ["rot90"], progress=False)


def test_every_cli_option_is_a_keyword(binary):
    """Every option of `augment --help` maps to a keyword of run and iter_run (or to an argument)."""
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True, check=True).stdout
    flags = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*|-\w)\b", help_text, re.M))
    assert {"--copies", "--labels", "--mask-fill", "-j", "--report", "--shard"} <= flags
    table = {flag: name for name, (flag, _) in OPTIONS.items()}
    for params in (inspect.signature(augment.run).parameters, inspect.signature(augment.iter_run).parameters):
        for flag in flags:
            name = table.get(flag, WRAPPER_OWNED.get(flag, "?"))
            if flag in ("--help", "--dry-run"):
                continue  # --dry-run is augment.plan
            assert name in params, f"{flag} has no keyword"
        for name, (flag, _) in OPTIONS.items():
            assert flag in flags, f"{name} maps to {flag}, which the CLI does not have"
            assert name in params or name == "dry_run"


def test_argv_of_every_option(tmp_path):
    """Each keyword becomes its option, once; defaults pass nothing."""
    from augment._run import _command
    argv, feed, temp = _command("in", "out", augment.Pipeline().rot90(), {
        "include": ["*.png", "*.jpg"], "exclude": "x*", "shard": (1, 4), "copies": 2, "format": "png",
        "quality": 80, "png_compression": 6, "skip_existing": True, "no_auto_orient": True, "max_pixels": 1000,
        "strict": True, "seed": 7, "labels": "yolo", "labels_out": "lab", "data": "d.yaml", "kpt_shape": (17, 3),
        "flip_idx": [1, 0], "box_method": "ellipse", "min_visibility": 0.5, "min_area": 4, "masks": "m",
        "masks_out": "mo", "mask_fill": 255, "workers": 3, "task_timeout": 5, "retries": 2, "failed": "f",
        "quiet": True, "null": False, "verbose": False, "from_list": None, "pipeline": None}, binary="/x/augment")
    assert argv == ["/x/augment", "in", "-o", "out", "--op", "rot90", "--include", "*.png", "--include", "*.jpg",
                    "--exclude", "x*", "--shard", "1/4", "--copies", "2", "--format", "png", "--quality", "80",
                    "--png-compression", "6", "--skip-existing", "--no-auto-orient", "--max-pixels", "1000",
                    "--strict", "--seed", "7", "--labels", "yolo", "--labels-out", "lab", "--data", "d.yaml",
                    "--kpt-shape", "17,3", "--flip-idx", "1,0", "--box-method", "ellipse",
                    "--min-visibility", "0.5", "--min-area", "4", "--masks", "m", "--masks-out", "mo",
                    "--mask-fill", "255", "-j", "3", "--task-timeout", "5", "--retries", "2", "--failed", "f",
                    "--quiet"]
    assert feed is None and temp == []
    with pytest.raises(TypeError):
        augment.run("in", "out", ["rot90"], no_such_option=1)


def test_labels_and_masks_options_reach_the_cli(tmp_path):
    """The labels example of the README, through the API: label files written next to the images."""
    src = os.path.join(FIXTURES, "..", "examples", "yolo-dataset", "images", "train")
    if not os.path.isdir(src):
        pytest.skip("no examples/yolo-dataset")
    out = tmp_path / "aug" / "images" / "train"
    s = augment.run(src, out, augment.Pipeline().rotate(-20, 20, resample="bilinear", crop="inscribed"),
                    labels="yolo", copies=2, seed=7, progress=False)
    assert s.failed == 0 and s.ok == 4
    assert all(r.labels is not None for r in s.rows)
    assert len(os.listdir(tmp_path / "aug" / "labels" / "train")) == 4


def test_console_script_and_module(binary):
    exe = os.path.join(os.path.dirname(sys.executable), "augment")
    for cmd in ([exe, "--help"], [sys.executable, "-m", "augment", "--help"]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        assert p.returncode == 0 and p.stdout.startswith("OVERVIEW: Rotate and flip"), p
    p = subprocess.run([exe, "/nonexistent", "-o", "/tmp/x", "--op", "rot90"], capture_output=True, text=True)
    assert p.returncode == 2 and p.stderr.startswith("augment: input /nonexistent")
