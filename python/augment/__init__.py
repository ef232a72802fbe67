"""augment from Python: rotate and flip (fixed or random) a dataset of PNG and JPEG images, in parallel.

The package ships the `augment` executable (a Swift program, linked so that it needs only the C library
family) and drives it as a child process: no dependency beyond the standard library.

    import augment

    summary = augment.run("photos/", "out/", ["rotate=-15..15,resample=bilinear,crop=inscribed", "flip=h,p=0.5"],
                          copies=4, seed=7)
    print(summary.ok, summary.failed, summary.failed_inputs)

    ops = augment.Pipeline().rotate(-15, 15, resample="bilinear", crop="inscribed").flip("h", p=0.5)
    for row in augment.iter_run("photos/", "out/", ops, copies=4, seed=7):   # as each output completes
        print(row.output, row.params)

Every option of the CLI is a keyword of `run` and `iter_run` (its long name in snake case; `-j` is
`workers`); `plan` is `--dry-run`. The same seed gives the same bytes as the CLI, on any machine.
"""

from ._binary import binary_path
from ._pipeline import Pipeline
from ._run import RunIterator, iter_run, plan, run
from ._types import (AugmentError, BinaryNotFound, FailedInput, Interrupted, LabelCounts, Plan, Row, Summary,
                     UsageError, Warnings)

__version__ = "0.1.0"

__all__ = [
    "run", "iter_run", "plan", "Pipeline", "binary_path",
    "Row", "Summary", "Plan", "Warnings", "LabelCounts", "FailedInput", "RunIterator",
    "AugmentError", "UsageError", "Interrupted", "BinaryNotFound",
]
