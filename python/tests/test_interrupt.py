"""Stopping a run: Ctrl-C (SIGINT to this process, from a thread), interrupt_main(), leaving the loop, a full
pipe. Each time: KeyboardInterrupt reaches the caller (or the loop ends quietly), the CLI exited 130 through its
own SIGINT path (not SIGTERM/SIGKILL after the grace), no process of the binary is left (/proc), and no
temporary file is left in the output tree."""

import _thread
import os
import signal
import threading
import time

import pytest

import augment
from conftest import FIXTURES, processes_of, temporary_files

#: 176 PngSuite files x 200 copies: 35,200 outputs, several seconds of work, stopped after a fraction of it.
SUITE = os.path.join(FIXTURES, "pngsuite")
BIG = dict(copies=200, seed=3, workers=2)


def settle(binary, timeout=5.0):
    """Waits until no process runs the binary (workers exit once their parent has)."""
    deadline = time.monotonic() + timeout
    while processes_of(binary) and time.monotonic() < deadline:
        time.sleep(0.05)
    return processes_of(binary)


def first_output(out, timeout=20.0):
    """Waits until the run has written an output (so that the interrupt lands mid-run, even on a busy machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(n for _, _, n in os.walk(out)):
            return
        time.sleep(0.02)


def test_sigint_from_a_thread_stops_run(tmp_path, binary):
    assert processes_of(binary) == []
    out = tmp_path / "o"
    stopped = []

    def interrupt():
        first_output(out)
        stopped.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C does to this process

    timer = threading.Thread(target=interrupt, daemon=True)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        augment.run(SUITE, out, ["rotate=-20..20,resample=bilinear"], progress=False, **BIG)
    elapsed = time.monotonic() - stopped[0]
    assert elapsed < 8, f"took {elapsed:.1f} s to stop"
    assert settle(binary) == []
    assert temporary_files(out) == []
    written = sum(len(n) for _, _, n in os.walk(out))
    assert 0 < written < 35_200, written


def test_interrupt_main_stops_iter_run(tmp_path, binary):
    """interrupt_main() sends no real signal (as an IDE or a notebook may): still seen within 0.2 s."""
    out = tmp_path / "o"
    it = augment.iter_run(SUITE, out, "rot90", **BIG)
    n = 0
    with pytest.raises(KeyboardInterrupt):
        for _ in it:
            n += 1
            if n == 100:
                threading.Timer(0.3, _thread.interrupt_main).start()
    assert it.process.returncode == 130, it.process.returncode
    assert settle(binary) == []
    assert temporary_files(out) == []


def test_leaving_the_loop_stops_the_run(tmp_path, binary):
    out = tmp_path / "o"
    it = augment.iter_run(SUITE, out, "rot90", **BIG)
    for n, row in enumerate(it):
        if n == 10:
            break
    proc = it.process
    del it  # dropping the iterator (as after `break` in `for row in augment.iter_run(...)`) closes it
    assert proc.returncode == 130, proc.returncode
    assert settle(binary) == []
    assert temporary_files(out) == []


def test_an_exception_in_the_with_block_stops_the_run(tmp_path, binary):
    out = tmp_path / "o"
    with pytest.raises(KeyboardInterrupt):
        with augment.iter_run(SUITE, out, "rot90", **BIG) as it:
            for n, _ in enumerate(it):
                if n == 5:
                    raise KeyboardInterrupt  # as if Ctrl-C arrived in the loop's body
    assert it.process.returncode == 130
    assert settle(binary) == []
    assert temporary_files(out) == []


def test_a_full_pipe_does_not_deadlock_the_stop(tmp_path, binary):
    """The consumer stalls until the CLI blocks on its full standard output, then stops the run: the CLI's
    rows after SIGINT are drained, so it exits 130 at once instead of waiting for SIGTERM after the grace."""
    out = tmp_path / "o"
    it = augment.iter_run(SUITE, out, "rot90", grace=30, **BIG)
    next(it)
    deadline = time.monotonic() + 30
    while not it._child.queue.full() and time.monotonic() < deadline:  # the queue holds 1,024 lines
        time.sleep(0.05)
    assert it._child.queue.full()
    time.sleep(1)  # then the pipe (64 KiB, ~100 rows) fills, and the CLI blocks writing its report
    t0 = time.monotonic()
    it.close()
    elapsed = time.monotonic() - t0
    assert it.process.returncode == 130, it.process.returncode
    assert elapsed < 10, f"close() took {elapsed:.1f} s"
    assert settle(binary) == []
    assert temporary_files(out) == []


def test_the_run_completes_after_an_interrupt_with_skip_existing(tmp_path, binary):
    """Resume: what an interrupted run wrote is whole, and skip_existing completes the set."""
    src = os.path.join(FIXTURES, "images")
    out = tmp_path / "o"
    it = augment.iter_run(src, out, "rotate=-10..10", copies=20, seed=5, workers=2)
    for n, _ in enumerate(it):
        if n == 20:
            break
    it.close()
    s = augment.run(src, out, "rotate=-10..10", copies=20, seed=5, skip_existing=True, progress=False)
    assert s.failed == 0 and s.skipped >= 20 and s.ok + s.skipped == 280
    ref = augment.run(src, tmp_path / "ref", "rotate=-10..10", copies=20, seed=5, progress=False)
    from conftest import tree
    assert tree(out) == tree(tmp_path / "ref") and ref.ok == 280
