"""augment.ray without Ray: importable, and its command lines (scripts/e2e/ray-test runs it on a real Ray)."""

import sys

import pytest

import augment
import augment.ray as aray


def test_importing_does_not_need_ray():
    assert "ray" not in sys.modules or sys.modules["ray"] is not None
    assert callable(aray.run) and issubclass(aray.ShardError, RuntimeError)


def test_shard_command():
    argv = aray.shard_command(["/in"], "/out", augment.Pipeline().rot90().flip("h", p=0.5), 2, 4,
                              augment="/bin/augment", seed=7, skip_existing=True, include=["*.png"], workers=2)
    assert argv == ["/bin/augment", "/in", "-o", "/out", "--op", "rot90", "--op", "flip=h,p=0.5", "--seed", "7",
                    "--skip-existing", "--include", "*.png", "-j", "2", "--shard", "2/4"]
    assert aray.shard_command("/in", "/out", "rot90", 0, 1, augment=None)[0] is None  # found on the node
    with pytest.raises(TypeError):
        aray.shard_command("/in", "/out", "rot90", 0, 1, shard="1/2")


def test_the_node_binary_is_the_package_one():
    assert aray._node_binary() == augment.binary_path()


def test_run_needs_ray():
    try:
        import ray  # noqa: F401
        pytest.skip("ray is installed here")
    except ImportError:
        pass
    with pytest.raises(ImportError):
        aray.run(["/in"], "/out", ["rot90"], shards=2)


def test_label_paths_are_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert aray._labels_path("coco:ann/instances.json") == f"coco:{tmp_path}/ann/instances.json"
    assert aray._labels_path("voc:/abs/Annotations") == "voc:/abs/Annotations"
    assert aray._labels_path("voc") == "voc"


def test_a_failed_coco_merge_raises(tmp_path):
    with pytest.raises(aray.COCOMergeError) as e:
        aray.merge_coco([str(tmp_path / "shard-0-of-1.json")], str(tmp_path / "out.json"), augment="/bin/false")
    assert e.value.returncode == 1 and issubclass(aray.COCOMergeError, RuntimeError)
