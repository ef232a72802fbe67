"""augment.Pipeline: the --op strings, the --pipeline JSON, and the CLI reading both the same way."""

import json

import pytest

import augment
from augment import Pipeline
from conftest import cli, tree


def test_the_issue_example():
    p = Pipeline().rotate(-15, 15, resample="bilinear", crop="inscribed").flip("h", p=0.5)
    assert p.op_strings() == ["rotate=-15..15,resample=bilinear,crop=inscribed", "flip=h,p=0.5"]
    assert str(p) == "--op rotate=-15..15,resample=bilinear,crop=inscribed --op flip=h,p=0.5"
    assert list(p) == p.op_strings() and len(p) == 2
    assert p.to_dict() == {"ops": [
        {"op": "rotate", "degrees": {"uniform": [-15, 15]}, "resample": "bilinear", "expand": False,
         "crop": "inscribed", "p": 1},
        {"op": "flip", "axis": "h", "p": 0.5}]}


def test_every_op_and_key():
    p = (Pipeline().rotate(45).rotate([0, 90, 180], resample=["nearest", "bicubic"], expand=[True, False])
         .rotate(2.5, fill=(255, 0, 0), center=(10, 20.5), crop="inscribed-resized", expand=True, p=0.25)
         .rotate(7, fill=128)
         .flip("v").flip("h|v").flip(["h", "v"], p=0.1)
         .rot90().rot180(p=0.5).rot270().transpose().transverse(p=0))
    assert p.op_strings() == [
        "rotate=45",
        "rotate=0|90|180,resample=nearest|bicubic,expand=true|false",
        "rotate=2.5,expand=true,fill=255:0:0,center=10:20.5,crop=inscribed-resized,p=0.25",
        "rotate=7,fill=128",
        "flip=v", "flip=h|v", "flip=h|v,p=0.1",
        "rot90", "rot180,p=0.5", "rot270", "transpose", "transverse,p=0"]
    assert Pipeline(p.op_strings()) == p  # the strings read back
    assert Pipeline.from_json(p.to_json()) == p  # so does the JSON


@pytest.mark.parametrize("build, error", [
    (lambda: Pipeline().rotate(10, 5), ValueError),
    (lambda: Pipeline().rotate(1, resample="lanczos"), ValueError),
    (lambda: Pipeline().rotate(1, crop="outer"), ValueError),
    (lambda: Pipeline().rotate(1, fill=(1, 2, 3, 4, 5)), ValueError),
    (lambda: Pipeline().rotate(1, fill=256), ValueError),
    (lambda: Pipeline().rotate("45"), TypeError),
    (lambda: Pipeline().flip("x"), ValueError),
    (lambda: Pipeline().rot90(p=1.5), ValueError),
    (lambda: Pipeline(["rotate"]), ValueError),
    (lambda: Pipeline(["shear=3"]), ValueError),
    (lambda: Pipeline(["rot90,q=1"]), ValueError),
])
def test_mistakes_are_refused_in_python(build, error):
    with pytest.raises(error):
        build()


def test_the_cli_reads_the_json_as_the_strings(tmp_path, binary, images):
    """--dry-run prints the JSON it would run: equal to to_dict(), from --op strings and from the file."""
    p = (Pipeline().rotate(-20, 20, resample="bilinear", expand=[True, False], fill=(10, 20, 30))
         .rotate([0, 90], center=(3, 4), crop="inscribed", p=0.7).flip("h|v", p=0.5).transverse(p=0.3))
    path = tmp_path / "p.json"
    p.save(path)
    assert augment.plan(images, tmp_path / "o", p).pipeline == p.to_dict()
    assert augment.plan(images, tmp_path / "o", pipeline=path).pipeline == p.to_dict()
    assert augment.plan(images, tmp_path / "o", pipeline=p).pipeline == p.to_dict()
    # and the outputs: --op strings on the CLI, ops=Pipeline and pipeline=Pipeline (a JSON file) agree
    cli(binary, images, "-o", tmp_path / "cli", *p.args(), "--copies", 2, "--seed", 9, "--quiet")
    augment.run(images, tmp_path / "ops", p, copies=2, seed=9, progress=False)
    augment.run(images, tmp_path / "json", pipeline=p, copies=2, seed=9, progress=False)
    a = tree(tmp_path / "cli")
    assert len(a) == 28 and a == tree(tmp_path / "ops") == tree(tmp_path / "json")


def test_the_cli_checks_the_ranges(tmp_path, images):
    with pytest.raises(augment.UsageError, match="degrees"):
        augment.run(images, tmp_path / "o", Pipeline().rotate(5000), progress=False)
    with pytest.raises(augment.UsageError, match=r"op 1 \(rotate\): 'degrees'"):
        augment.run(images, tmp_path / "o", pipeline=Pipeline().rotate(5000), progress=False)


def test_json_round_trip_through_dry_run_output(tmp_path, images):
    plan = augment.plan(images, tmp_path / "o", ["rotate=-15..15,resample=bilinear,crop=inscribed", "flip=h,p=0.5"])
    assert Pipeline.from_dict(plan.pipeline).op_strings() == ["rotate=-15..15,resample=bilinear,crop=inscribed",
                                                             "flip=h,p=0.5"]
    assert json.loads(Pipeline.from_dict(plan.pipeline).to_json()) == plan.pipeline
