"""Running the CLI: one child process per run, its report read as it streams.

The child runs `augment ... --report -`: one JSON line per output on standard output, in input order, each
written when its row completes. Three threads keep every pipe moving whatever the caller does:

- a reader puts standard output's lines on a bounded queue (back-pressure on the CLI while the caller is
  slow); once the run is being stopped it keeps reading and drops the lines, so that the CLI, still
  writing its last rows after SIGINT, never blocks on a full pipe (the deadlock of an undrained pipe);
- a reader keeps the end of standard error (for the error messages) and echoes it when `progress` is on;
- a writer feeds `from_list` paths on standard input, when they are given as an iterable.

Stopping (Ctrl-C, a `KeyboardInterrupt` from anywhere, leaving the loop, `close()`, an exception): SIGINT
once, then wait `grace` seconds while draining (the CLI stops dispatching, stops its workers, removes its
temporary files and exits 130), then SIGTERM, then SIGKILL. The child is in this process's group, so a
terminal's Ctrl-C reaches it directly too; a second SIGINT is harmless to it.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from ._binary import binary_path
from ._options import input_args, op_args, option_args
from ._pipeline import Pipeline
from ._types import (AugmentError, FailedInput, Interrupted, Plan, Row, Summary, UsageError)

PathArg = Union[str, "os.PathLike[str]"]
_EOF = object()
_TAIL = 64 * 1024


class _Counts:
    """A summary built row by row (without keeping the rows unless asked)."""

    def __init__(self, keep_rows: bool):
        self.ok = self.failed = self.skipped = self.damaged = 0
        self.failed_inputs: List[FailedInput] = []
        self._last_failed: Optional[str] = None
        self.rows: Optional[List[Row]] = [] if keep_rows else None

    def add(self, row: Row) -> None:
        if row.status == "ok":
            self.ok += 1
            if row.warnings is not None:
                self.damaged += 1
        elif row.status == "skipped":
            self.skipped += 1
        elif row.status == "failed":
            self.failed += 1
            # An input's rows are consecutive: it is named once however many of its copies failed.
            if row.input != self._last_failed:
                self._last_failed = row.input
                self.failed_inputs.append(FailedInput(row.input, row.error))
        if self.rows is not None:
            self.rows.append(row)

    def summary(self, wall_time: float, returncode: int) -> Summary:
        return Summary(ok=self.ok, failed=self.failed, skipped=self.skipped, damaged=self.damaged,
                       failed_inputs=tuple(self.failed_inputs), wall_time=wall_time,
                       rows=tuple(self.rows or ()), returncode=returncode)


def _cli_message(stderr: str) -> str:
    """The CLI's error sentence: its lines starting "augment: " or "Error: ", without the prefix."""
    lines = [ln for ln in stderr.splitlines() if ln.startswith(("augment: ", "Error: "))]
    lines = [ln.split(": ", 1)[1] for ln in lines if not ln.startswith("augment: warning: ")] or lines
    if lines:
        return "\n".join(lines)
    text = stderr.strip()
    return text.splitlines()[-1] if text else "(no message)"


class _Child:
    """The child process and the threads that keep its pipes moving. The threads reference this object, never
    the `RunIterator`, so that dropping the iterator (after `break`) lets it be collected, and close the run."""

    def __init__(self, argv: List[Any], feed: Optional[Iterable[Any]], echo_stderr: bool):
        self.queue: "queue.Queue[Any]" = queue.Queue(maxsize=1024)
        self.stopping = threading.Event()
        self.stderr_tail = bytearray()
        self.stderr_lock = threading.Lock()
        self.echo = echo_stderr
        self.feed_error: Optional[BaseException] = None
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE if feed is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True)
        self.threads = [threading.Thread(target=self._read_stdout, name="augment-stdout", daemon=True),
                        threading.Thread(target=self._read_stderr, name="augment-stderr", daemon=True)]
        if feed is not None:
            self.threads.append(threading.Thread(target=self._feed, args=(feed,), name="augment-stdin",
                                                 daemon=True))
        for t in self.threads:
            t.start()

    def _put(self, item: Any) -> None:
        while not self.stopping.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                pass

    def _read_stdout(self) -> None:
        out = self.process.stdout
        assert out is not None
        try:
            for line in out:  # once stopping: read on, and drop
                if not self.stopping.is_set():
                    self._put(line)
        except (OSError, ValueError):
            pass
        finally:
            self._put(_EOF)

    def _read_stderr(self) -> None:
        err = self.process.stderr
        assert err is not None
        try:
            while True:
                chunk = err.read1(65536) if hasattr(err, "read1") else err.read(65536)
                if not chunk:
                    break
                with self.stderr_lock:
                    self.stderr_tail += chunk
                    del self.stderr_tail[:-_TAIL]
                if self.echo:
                    try:
                        sys.stderr.write(chunk.decode("utf-8", "replace"))
                        sys.stderr.flush()
                    except (OSError, ValueError, AttributeError):
                        pass
        except (OSError, ValueError):
            pass

    def _feed(self, paths: Iterable[Any]) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            for p in paths:
                if self.stopping.is_set():
                    break
                stdin.write(os.fsencode(p) + b"\0")
        except (BrokenPipeError, ValueError):
            pass
        except BaseException as e:  # the caller's iterable raised: the run fails with that error
            self.feed_error = e
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def stderr(self) -> str:
        with self.stderr_lock:
            return bytes(self.stderr_tail).decode("utf-8", "replace")

    def stop(self, grace: float) -> None:
        """SIGINT, drain, wait `grace`; then SIGTERM, then SIGKILL. A second Ctrl-C skips to the next signal."""
        self.stopping.set()  # the reader drops lines from now on, and keeps the pipe empty
        proc = self.process
        interrupted: Optional[BaseException] = None
        try:
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGINT)
                except ProcessLookupError:
                    pass
                for sig, wait in ((None, grace), (signal.SIGTERM, 2.0), (signal.SIGKILL, None)):
                    if sig is not None:
                        try:
                            proc.send_signal(sig)
                        except ProcessLookupError:
                            pass
                    try:
                        proc.wait(wait)
                        break
                    except subprocess.TimeoutExpired:
                        continue
                    except KeyboardInterrupt as e:  # impatient: go on to the next signal
                        interrupted = e
                        continue
        finally:
            self.join()
        if interrupted is not None:
            raise interrupted

    def join(self) -> None:
        for t in self.threads:
            if t is not threading.current_thread():
                t.join(5.0)
        for f in (self.process.stdout, self.process.stderr, self.process.stdin):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass


class RunIterator(Iterator[Row]):
    """The rows of a running `augment`, one per output, in input order, each as it completes.

    Iterate it (directly or through `tqdm`); `close()` it, leave a `with` block, or stop iterating and drop
    it, to stop the run cleanly. After the last row, `summary` holds the `Summary` (its `rows` empty unless
    `keep_rows=True`); `process` is the child (`subprocess.Popen`)."""

    def __init__(self, argv: List[Any], *, feed: Optional[Iterable[Any]] = None, echo_stderr: bool = False,
                 report: Optional[PathArg] = None, grace: float = 10.0, keep_rows: bool = False,
                 temporary_files: Sequence[str] = ()):
        self.argv = argv
        self.summary: Optional[Summary] = None
        self._done = True  # until the child runs: nothing to stop
        self._grace = grace
        self._counts = _Counts(keep_rows)
        self._temporary = list(temporary_files)
        self._report: Optional[IO[bytes]] = None
        self._t0 = time.monotonic()
        try:
            if report is not None:
                self._report = open(report, "wb")
            self._child = _Child(argv, feed, echo_stderr)
        except BaseException:
            self._close_files()
            raise
        self.process = self._child.process
        self._done = False

    def stderr(self) -> str:
        """The end of the CLI's standard error so far (progress, warnings, errors)."""
        return self._child.stderr()

    def __iter__(self) -> RunIterator:
        return self

    def __next__(self) -> Row:
        if self._done:
            raise StopIteration
        try:
            while True:
                try:
                    item = self._child.queue.get(timeout=0.2)  # a timeout: an interrupt_main() is seen within 0.2 s
                except queue.Empty:
                    continue
                if item is _EOF:
                    break
                row = Row.from_json(item)
                if self._report is not None:
                    self._report.write(item)
                    self._report.flush()
                self._counts.add(row)
                return row
        except BaseException:
            self._stop()
            raise
        self._finish()
        raise StopIteration

    def _finish(self) -> None:
        """At the end of standard output: wait for the exit, then the summary or the error."""
        try:
            rc = self.process.wait()
        except BaseException:
            self._stop()
            raise
        self._done = True
        wall = time.monotonic() - self._t0
        self._child.join()
        self._close_files()
        if self._child.feed_error is not None:
            raise self._child.feed_error
        summary = self._counts.summary(wall, rc)
        if rc in (0, 1):
            self.summary = summary
            return
        stderr = self.stderr()
        kw: Dict[str, Any] = {"returncode": rc, "argv": self.argv, "stderr": stderr}
        if rc == 2:
            raise UsageError(_cli_message(stderr), **kw)
        if rc in (130, -signal.SIGINT):
            self.summary = summary
            raise KeyboardInterrupt  # someone pressed Ctrl-C (the terminal sends SIGINT to the child too)
        if rc in (143, -signal.SIGTERM) or rc < 0:
            how = "SIGTERM" if rc in (143, -signal.SIGTERM) else f"signal {-rc}"
            done = summary.ok + summary.failed + summary.skipped
            raise Interrupted(f"augment was stopped by {how} after {done} outputs", summary=summary, **kw)
        raise AugmentError(f"augment exited {rc}: {_cli_message(stderr)}", **kw)

    def _stop(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._child.stop(self._grace)
        finally:
            self._close_files()

    def _close_files(self) -> None:
        if self._report is not None:
            self._report.close()
            self._report = None
        for p in self._temporary:
            try:
                os.unlink(p)
            except OSError:
                pass
        self._temporary = []

    def close(self) -> None:
        """Stops the run if it is still going (SIGINT, drain, wait); a no-op after the last row."""
        self._stop()

    def __enter__(self) -> RunIterator:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self._stop()
        except BaseException:
            pass


def _command(inputs: Any, output: PathArg, ops: Any, options: Dict[str, Any], *,
             binary: Optional[PathArg]) -> Tuple[List[Any], Optional[Iterable[Any]], List[str]]:
    """The argv of a run, what to feed on standard input, and the temporary files to remove afterwards."""
    exe = os.fspath(binary) if binary is not None else binary_path()
    feed = None
    temporary: List[str] = []
    from_list = options.get("from_list")
    if from_list is not None and not isinstance(from_list, (str, bytes, os.PathLike)):
        feed = from_list  # an iterable of paths: on standard input, NUL-separated
        options = dict(options, from_list="-", null=True)
    pipeline = options.get("pipeline")
    if isinstance(pipeline, Pipeline):
        fd, path = tempfile.mkstemp(prefix="augment-pipeline-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(pipeline.to_json())
        temporary.append(path)
        options = dict(options, pipeline=path)
    try:
        if output is None:
            raise TypeError("output: the output folder is required")
        argv = [exe, *input_args(inputs), "-o", os.fspath(output), *op_args(ops), *option_args(options)]
    except BaseException:
        for path in temporary:
            os.unlink(path)
        raise
    return argv, feed, temporary


def _options(local: Dict[str, Any]) -> Dict[str, Any]:
    """The CLI options among a function's arguments; `progress=False` is `--quiet`."""
    opts = {k: v for k, v in local.items()
            if k not in ("inputs", "output", "ops", "binary", "grace", "progress", "report", "keep_rows")}
    if not local.get("progress", True) and not opts.get("verbose"):
        opts["quiet"] = True
    return opts


def iter_run(
    inputs: Union[PathArg, Sequence[PathArg], None],
    output: PathArg,
    ops: Union[str, Sequence[str], Pipeline, None] = (),
    *,
    # Inputs
    from_list: Union[PathArg, Iterable[PathArg], None] = None,
    null: bool = False,
    include: Union[str, Sequence[str]] = (),
    exclude: Union[str, Sequence[str]] = (),
    shard: Union[str, Tuple[int, int], None] = None,
    # Outputs
    copies: int = 1,
    format: Optional[str] = None,
    quality: Optional[int] = None,
    png_compression: Optional[int] = None,
    skip_existing: bool = False,
    no_auto_orient: bool = False,
    max_pixels: Optional[int] = None,
    strict: bool = False,
    jpeg_lossless: bool = False,
    # Ops
    pipeline: Union[PathArg, Pipeline, None] = None,
    seed: int = 0,
    fuse: bool = False,
    # Labels and masks
    labels: Optional[str] = None,
    labels_out: Optional[PathArg] = None,
    data: Optional[PathArg] = None,
    kpt_shape: Union[str, Tuple[int, int], None] = None,
    flip_idx: Union[str, Sequence[int], None] = None,
    flip_pairs: Optional[str] = None,
    box_method: Optional[str] = None,
    min_visibility: Optional[float] = None,
    min_area: Optional[float] = None,
    masks: Optional[PathArg] = None,
    masks_out: Optional[PathArg] = None,
    mask_fill: Optional[int] = None,
    # Workers
    workers: Optional[int] = None,
    task_timeout: Optional[float] = None,
    retries: Optional[int] = None,
    # Reporting
    report: Optional[PathArg] = None,
    failed: Optional[PathArg] = None,
    quiet: bool = False,
    verbose: bool = False,
    progress: bool = False,
    # This wrapper
    binary: Optional[PathArg] = None,
    grace: float = 10.0,
    keep_rows: bool = False,
) -> RunIterator:
    """Starts `augment` and yields a `Row` per output as it completes, in input order.

        for row in tqdm(augment.iter_run("photos/", "out/", ["rot90"]), total=augment.plan(...).outputs):
            ...

    Takes the same arguments as `run` (but `progress` defaults to False: the loop is the progress).
    Usage errors raise `augment.UsageError` at the first `next()`. Ctrl-C, a `KeyboardInterrupt`, an
    exception in the loop's body, `break` (then dropping the iterator) or `close()` stop the run cleanly:
    the CLI gets SIGINT, its output keeps being drained, it stops its workers and removes its temporary
    files, and the `KeyboardInterrupt` reaches the caller. The iterator is also a context manager.
    After the last row, `.summary` is the run's `Summary`."""
    local = dict(locals())
    argv, feed, temporary = _command(inputs, output, ops, _options(local), binary=binary)
    return RunIterator(argv + ["--report", "-"], feed=feed, echo_stderr=progress or verbose, report=report,
                       grace=grace, keep_rows=keep_rows, temporary_files=temporary)


def run(
    inputs: Union[PathArg, Sequence[PathArg], None],
    output: PathArg,
    ops: Union[str, Sequence[str], Pipeline, None] = (),
    *,
    # Inputs
    from_list: Union[PathArg, Iterable[PathArg], None] = None,
    null: bool = False,
    include: Union[str, Sequence[str]] = (),
    exclude: Union[str, Sequence[str]] = (),
    shard: Union[str, Tuple[int, int], None] = None,
    # Outputs
    copies: int = 1,
    format: Optional[str] = None,
    quality: Optional[int] = None,
    png_compression: Optional[int] = None,
    skip_existing: bool = False,
    no_auto_orient: bool = False,
    max_pixels: Optional[int] = None,
    strict: bool = False,
    jpeg_lossless: bool = False,
    # Ops
    pipeline: Union[PathArg, Pipeline, None] = None,
    seed: int = 0,
    fuse: bool = False,
    # Labels and masks
    labels: Optional[str] = None,
    labels_out: Optional[PathArg] = None,
    data: Optional[PathArg] = None,
    kpt_shape: Union[str, Tuple[int, int], None] = None,
    flip_idx: Union[str, Sequence[int], None] = None,
    flip_pairs: Optional[str] = None,
    box_method: Optional[str] = None,
    min_visibility: Optional[float] = None,
    min_area: Optional[float] = None,
    masks: Optional[PathArg] = None,
    masks_out: Optional[PathArg] = None,
    mask_fill: Optional[int] = None,
    # Workers
    workers: Optional[int] = None,
    task_timeout: Optional[float] = None,
    retries: Optional[int] = None,
    # Reporting
    report: Optional[PathArg] = None,
    failed: Optional[PathArg] = None,
    quiet: bool = False,
    verbose: bool = False,
    progress: bool = True,
    # This wrapper
    binary: Optional[PathArg] = None,
    grace: float = 10.0,
) -> Summary:
    """Runs `augment inputs -o output --op ...` to the end and returns its `Summary`.

    Every CLI option is a keyword, its long name in snake case (`--skip-existing` is `skip_existing=True`,
    `--png-compression 9` is `png_compression=9`); `-j` is `workers`, `--op` is `ops` (strings, or a
    `Pipeline`). A keyword left at its default passes nothing (the CLI's default applies). Besides:

    - `from_list`: a file of paths, or any iterable of paths (fed on standard input, NUL-separated);
    - `pipeline`: a JSON file, or a `Pipeline`;
    - `report`: also write the report (JSON Lines) there, as the rows arrive;
    - `progress`: echo the CLI's progress and warnings on this process's standard error (False: `--quiet`);
    - `binary`: the executable (default: the one in this package, or `$AUGMENT_BINARY`);
    - `grace`: seconds the CLI gets to stop after SIGINT before SIGTERM, then SIGKILL.

    Raises `UsageError` for whatever the CLI refuses before any work (exit 2), with its message;
    `KeyboardInterrupt` after a Ctrl-C (the CLI stopped cleanly: no worker, no temporary file left);
    `Interrupted` if something else stopped it; `AugmentError` otherwise (exit 3: the failed list could
    not be written). Items that fail are not exceptions: they are counted in `Summary.failed`, named in
    `Summary.failed_inputs`, and the exit status (1) is `Summary.returncode`."""
    local = dict(locals())
    argv, feed, temporary = _command(inputs, output, ops, _options(local), binary=binary)
    it = RunIterator(argv + ["--report", "-"], feed=feed, echo_stderr=progress or verbose, report=report,
                     grace=grace, keep_rows=True, temporary_files=temporary)
    with it:
        for _ in it:
            pass
    assert it.summary is not None
    return it.summary


_PLAN_COUNTS = re.compile(r"^items: (\d+), outputs: (\d+), ignored files: (\d+)$", re.M)
_PLAN_PIPELINE = re.compile(r"^pipeline JSON: (.*)$", re.M)


def plan(inputs: Union[PathArg, Sequence[PathArg], None], output: PathArg,
         ops: Union[str, Sequence[str], Pipeline, None] = (), *, binary: Optional[PathArg] = None,
         **options: Any) -> Plan:
    """What `run` with the same arguments would do, without doing it (`augment --dry-run`): the number of
    items and outputs (the rows `iter_run` will yield), the ignored files, the pipeline, the printed plan."""
    options.pop("progress", None)
    options.pop("report", None)
    options.pop("grace", None)
    argv, feed, temporary = _command(inputs, output, ops, dict(options, dry_run=True), binary=binary)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if feed is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            if feed is not None:
                data = b"".join(os.fsencode(p) + b"\0" for p in feed)
                out, err = proc.communicate(data)
            else:
                out, err = proc.communicate()
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
    finally:
        for p in temporary:
            os.unlink(p)
    stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if proc.returncode == 2:
        raise UsageError(_cli_message(stderr), returncode=2, argv=argv, stderr=stderr)
    m = _PLAN_COUNTS.search(stdout)
    if proc.returncode != 0 or m is None:
        raise AugmentError(f"augment --dry-run exited {proc.returncode}: {_cli_message(stderr)}",
                           returncode=proc.returncode, argv=argv, stderr=stderr)
    pm = _PLAN_PIPELINE.search(stdout)
    return Plan(items=int(m.group(1)), outputs=int(m.group(2)), ignored=int(m.group(3)),
                pipeline=json.loads(pm.group(1)) if pm else {}, text=stdout)
