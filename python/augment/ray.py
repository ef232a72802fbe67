"""Run the `augment` CLI over a data set on a Ray cluster: one Ray task per shard.

Every task runs the same `augment` command with another `--shard i/N` and its own report; the
shards are chosen by a stable hash of each input's relative path and every output is written
atomically, so the shards together write exactly what one run on one machine writes, byte for byte.
Inputs and the output folder must be on a file system that every Ray node sees at the same path,
and the `augment` binary must be on every node: this package installed there (its binary is found on
the node), or the path given as `augment=`, or `augment` on PATH. Ray itself stays optional: it is
imported by `run` only (`pip install ray`, or python/requirements-ray.txt for the tested version).

    import ray
    import augment.ray

    ray.init()                                      # or ray.init(address="auto") on a cluster
    summary = augment.ray.run(["/shared/in"], "/shared/out",
                              ["rotate=-20..20,resample=bilinear", "flip=h,p=0.5"],
                              shards=16, seed=7, skip_existing=True,
                              report="/shared/out.report.jsonl")
    print(summary.ok, summary.failed, summary.skipped, summary.failed_inputs)

Keyword options become `augment` options: `seed=7` is `--seed 7`, `skip_existing=True` is
`--skip-existing`, `include=["*.png"]` is `--include '*.png'`, `jobs=2` (or `workers=2`) is `-j 2`
(processes within each task); `ops` may also be an `augment.Pipeline`. Options of this module itself:
`augment` (the binary; default: this package's on each node, else `augment` on PATH), `report` (write the
merged report there, JSON Lines, one row per output in input order), `reports_dir` (keep each
shard's report there as `shard-I-of-N.jsonl`; by default each task uses a temporary file),
`num_cpus` (the CPUs Ray reserves for each task; default: `jobs`, else 1), `ray_options`
(passed to the task's `.options()`, e.g. `{"max_retries": 2, "resources": {...}}`).

COCO labels: with `labels="coco:instances.json"` and `labels_out="out.json"`, each task writes its shard's
COCO file (`--labels-out`) and, once every task has finished, the driver merges them into `labels_out` with
`augment coco-merge` (a row's ids are a function of its original id and the copy, and each shard's file is
sorted by id), byte for byte the file one run on one machine writes. The shards' files go to `coco_shards_dir`
(kept there as `shard-I-of-N.json`), by default to a hidden temporary folder beside `labels_out`, removed at
the end; `labels_out`'s folder must therefore be one every node sees too. A merge that fails raises
`COCOMergeError`; a shard that could not run raises `ShardError` and nothing is merged.

A shard that could not run (a usage error, exit 2, or a crash) raises `ShardError` after all the
tasks have finished; exit 1 (some items failed) is an ordinary result, counted in the summary. A
task retried by Ray, or a whole run started again with `skip_existing=True`, redoes no finished
output and can never leave a half-written one.
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

__all__ = ["run", "Summary", "ShardError", "COCOMergeError", "shard_command", "merge_reports", "merge_coco"]

#: Options that the module sets itself for each shard, so they may not be passed through.
_RESERVED = {"shard", "o", "output", "dry_run", "failed", "from_list", "null"}


class ShardError(RuntimeError):
    """One or more shards did not run to the end (usage error, crash, no report)."""

    def __init__(self, failures: list[dict[str, Any]]):
        self.failures = failures
        lines = [f"shard {f['shard']}/{f['shards']}: exit {f['returncode']}: {f['stderr'].strip()[-500:]}"
                 for f in failures]
        super().__init__(f"{len(failures)} shard(s) failed to run:\n" + "\n".join(lines))


class COCOMergeError(RuntimeError):
    """`augment coco-merge` could not merge the shards' COCO files (its exit status and standard error)."""

    def __init__(self, returncode: int, stderr: str):
        self.returncode = returncode
        self.stderr = stderr
        super().__init__(f"augment coco-merge: exit {returncode}: {stderr.strip()[-1000:]}")


@dataclass
class Summary:
    """What a run did, over all shards."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    #: (input, error) for every output whose status is `failed`, in input order.
    failed_inputs: list[tuple[str, str | None]] = field(default_factory=list)
    #: The merged report rows (dicts as `--report` writes them), in input order.
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: Each shard's exit status (0 all ok, 1 some items failed).
    returncodes: list[int] = field(default_factory=list)

    @property
    def returncode(self) -> int:
        """What one `augment` run over all the inputs would have exited with."""
        return max(self.returncodes, default=0)


def _flag(name: str) -> str:
    if name in ("jobs", "j", "workers"):
        return "-j"
    return "--" + name.replace("_", "-")


def shard_command(inputs: Sequence[str] | str, output: str, ops: Sequence[str] | str,
                  index: int, shards: int, *, augment: str | None = "augment", report: str | None = None,
                  **options: Any) -> list[Any]:
    """The `augment` command line of shard `index` of `shards` (`augment=None`: the first element is None,
    for the node that runs it to fill in)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if isinstance(ops, str):
        ops = [ops]
    elif hasattr(ops, "op_strings"):  # an augment.Pipeline
        ops = ops.op_strings()
    bad = sorted(k for k in options if k in _RESERVED)
    if bad:
        raise TypeError(f"augment.ray: option(s) {', '.join(bad)} are set per shard by augment.ray.run")
    argv = [None if augment is None else os.fspath(augment), *map(os.fspath, inputs), "-o", os.fspath(output)]
    for op in ops:
        argv += ["--op", op]
    for name, value in options.items():
        if value is None or value is False:
            continue
        if value is True:
            argv.append(_flag(name))
        elif isinstance(value, (list, tuple)):
            for v in value:
                argv += [_flag(name), os.fspath(v) if isinstance(v, os.PathLike) else str(v)]
        else:
            argv += [_flag(name), os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    argv += ["--shard", f"{index}/{shards}"]
    if report is not None:
        argv += ["--report", os.fspath(report)]
    return argv


def _node_binary() -> str:
    """The binary on the node that runs a task: this package's, if installed there, else `augment` on PATH."""
    try:
        from augment._binary import binary_path
        return str(binary_path())
    except Exception:
        return "augment"


def _run_shard(argv: list[Any], report: str | None, index: int, shards: int) -> dict[str, Any]:
    """Body of one Ray task: run the command, return its exit status and report rows."""
    if argv[0] is None:
        argv = [_node_binary(), *argv[1:]]
    keep = report is not None
    if report is None:
        fd, report = tempfile.mkstemp(prefix=f"augment-shard-{index}-", suffix=".jsonl")
        os.close(fd)
    try:
        proc = subprocess.run(argv + ["--report", report], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rows = []
        if os.path.exists(report):
            with open(report, encoding="utf-8") as f:
                rows = [json.loads(line) for line in f if line.strip()]
        return {"shard": index, "shards": shards, "returncode": proc.returncode, "rows": rows,
                "stderr": proc.stderr.decode("utf-8", "replace")[-4000:]}
    finally:
        if not keep:
            try:
                os.unlink(report)
            except FileNotFoundError:
                pass


def merge_reports(inputs: Sequence[str], shard_rows: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Merges the shards' report rows into input order: inputs in the order given, within a folder
    sorted by relative path bytes, then copy (the order of `augment`'s own report). Each shard's
    rows are already in that order; rows that name no given input keep their place at the end."""
    roots = [os.fsencode(os.fspath(i)).rstrip(b"/") or b"/" for i in inputs]

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        path = os.fsencode(str(row.get("input", "")))
        for n, root in enumerate(roots):
            if path == root:
                return (n, b"", row.get("copy", 0))
            prefix = root if root.endswith(b"/") else root + b"/"
            if path.startswith(prefix):
                return (n, path[len(prefix):].lstrip(b"/"), row.get("copy", 0))
        return (len(roots), b"", 0)

    return list(heapq.merge(*[list(rows) for rows in shard_rows], key=key))


def merge_coco(shard_files: Sequence[str], output: str, *, augment: str | None = None) -> None:
    """Runs `augment coco-merge SHARD.json... -o OUTPUT` (here, on the driver): the shards' `--labels-out`
    COCO files merged into the single run's file. `augment`: the binary (default: this package's, else
    `augment` on PATH). Raises `COCOMergeError` when it fails."""
    binary = os.fspath(augment) if augment is not None else _node_binary()
    proc = subprocess.run([binary, "coco-merge", *map(os.fspath, shard_files), "-o", os.fspath(output)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise COCOMergeError(proc.returncode, proc.stderr.decode("utf-8", "replace"))


def _labels_path(labels: Any) -> Any:
    """`kind:PATH` with PATH made absolute (`coco:a.json`, `voc:DIR`, `yolo:DIR`); anything else as given."""
    if isinstance(labels, os.PathLike):
        labels = os.fspath(labels)
    if isinstance(labels, str) and ":" in labels:
        kind, path = labels.split(":", 1)
        if path:
            return f"{kind}:{_absolute(path)}"
    return labels


def _ship_by_value() -> None:
    """Sends this module's code to the workers with the task, so that they need not import it."""
    import sys
    try:
        from ray import cloudpickle  # type: ignore[import-not-found,unused-ignore]
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    except (ImportError, AttributeError, ValueError):
        pass  # an older cloudpickle, or run as __main__: workers import the module themselves


def _absolute(path: Any) -> str:
    text: str = str(os.fspath(path))
    return text if os.path.isabs(text) else os.path.abspath(text)


def run(inputs: Sequence[str] | str, output: str, ops: Sequence[str] | str, shards: int,
        **options: Any) -> Summary:
    """Runs `augment` over `inputs` into `output` as `shards` Ray tasks (one per `--shard i/N`),
    waits for all of them, merges their reports in input order and returns a `Summary`. With
    `labels="coco:FILE.json"` and `labels_out=`, each task writes its shard's COCO file and the driver
    merges them into `labels_out` (`augment coco-merge`; `coco_shards_dir=` keeps the shards' files).

    Relative paths (inputs, output, reports, a binary path with a slash) are made absolute against
    the current folder before they are sent to the workers. Raises `ShardError` when a shard could
    not run to the end; item failures (exit 1) are counted in the summary instead."""
    import ray  # type: ignore[import-not-found,unused-ignore]  # here, so that the helpers above work without Ray

    if not isinstance(shards, int) or shards < 1:
        raise ValueError(f"augment.ray.run: shards must be a positive integer, not {shards!r}")
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    inputs = [_absolute(i) for i in inputs]
    output = _absolute(output)
    augment = options.pop("augment", None)
    if augment is not None:
        augment = os.fspath(augment)
        if os.sep in augment:
            augment = _absolute(augment)
    merged_report = options.pop("report", None)
    reports_dir = options.pop("reports_dir", None)
    ray_options = dict(options.pop("ray_options", None) or {})
    jobs = options.get("jobs", options.get("j", options.get("workers")))
    num_cpus = options.pop("num_cpus", None) or (int(jobs) if jobs else 1)
    ray_options.setdefault("num_cpus", num_cpus)
    if reports_dir is not None:
        reports_dir = _absolute(reports_dir)
        os.makedirs(reports_dir, exist_ok=True)
    coco_shards_dir = options.pop("coco_shards_dir", None)
    if options.get("labels") is not None:
        options["labels"] = _labels_path(options["labels"])
    if options.get("labels_out") is not None:
        options["labels_out"] = _absolute(options["labels_out"])
    # COCO: one file per shard (a temporary folder beside labels_out unless coco_shards_dir), merged at the end.
    labels_out: str | None = None
    coco_files: list[str] = []
    remove_dir: str | None = None
    if isinstance(options.get("labels"), str) and options["labels"].startswith("coco:") \
            and options.get("labels_out") is not None:
        labels_out = options.pop("labels_out")
        os.makedirs(os.path.dirname(labels_out), exist_ok=True)
        if coco_shards_dir is not None:
            coco_shards_dir = _absolute(coco_shards_dir)
            os.makedirs(coco_shards_dir, exist_ok=True)
        else:
            coco_shards_dir = remove_dir = tempfile.mkdtemp(
                prefix=f".{os.path.basename(labels_out)}.shards-", dir=os.path.dirname(labels_out))
        coco_files = [os.path.join(coco_shards_dir, f"shard-{i}-of-{shards}.json") for i in range(shards)]

    try:
        _ship_by_value()
        task = ray.remote(_run_shard).options(**ray_options)
        refs = []
        for i in range(shards):
            per_shard = dict(options, labels_out=coco_files[i]) if coco_files else options
            argv = shard_command(inputs, output, ops, i, shards, augment=augment, **per_shard)
            report = os.path.join(reports_dir, f"shard-{i}-of-{shards}.jsonl") if reports_dir else None
            refs.append(task.remote(argv, report, i, shards))
        results = sorted(ray.get(refs), key=lambda r: r["shard"])

        broken = [r for r in results if r["returncode"] not in (0, 1)]
        if broken:
            raise ShardError(broken)
        if labels_out is not None:
            merge_coco(coco_files, labels_out, augment=augment)
    finally:
        if remove_dir is not None:
            shutil.rmtree(remove_dir, ignore_errors=True)

    summary = Summary(returncodes=[r["returncode"] for r in results])
    summary.rows = merge_reports(inputs, (r["rows"] for r in results))
    for row in summary.rows:
        status = row.get("status")
        if status == "ok":
            summary.ok += 1
        elif status == "skipped":
            summary.skipped += 1
        elif status == "failed":
            summary.failed += 1
            summary.failed_inputs.append((str(row.get("input")), row.get("error")))
    if merged_report is not None:
        merged_report = _absolute(merged_report)
        tmp = merged_report + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            for row in summary.rows:
                f.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
        os.replace(tmp, merged_report)
    return summary
