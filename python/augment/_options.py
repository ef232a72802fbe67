"""The CLI's options as keyword arguments: one table, read by `run`, `iter_run` and `plan`.

Each keyword is the long option in snake case (`--skip-existing` is `skip_existing`), except `-j`, which is
`workers`, and `--op`, which is `ops`. A keyword left at its default (None, False or empty) passes nothing,
so the CLI's own default applies.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from ._pipeline import Pipeline

#: keyword -> (flag, kind), in `augment --help`'s order. kind: "flag" (a switch), "value" (one value), "list"
#: (repeated per element), "pair" (a 2-tuple joined by the separator given), "ints" (a list joined by commas).
OPTIONS: Dict[str, Tuple[str, str]] = {
    # Inputs (the inputs themselves are positional)
    "from_list": ("--from-list", "value"),
    "null": ("--null", "flag"),
    "include": ("--include", "list"),
    "exclude": ("--exclude", "list"),
    "shard": ("--shard", "shard"),
    # Outputs (-o is the `output` argument)
    "copies": ("--copies", "value"),
    "format": ("--format", "value"),
    "quality": ("--quality", "value"),
    "png_compression": ("--png-compression", "value"),
    "skip_existing": ("--skip-existing", "flag"),
    "no_auto_orient": ("--no-auto-orient", "flag"),
    "max_pixels": ("--max-pixels", "value"),
    "strict": ("--strict", "flag"),
    "jpeg_lossless": ("--jpeg-lossless", "flag"),
    # Ops (--op is the `ops` argument)
    "pipeline": ("--pipeline", "value"),
    "seed": ("--seed", "value"),
    "fuse": ("--fuse", "flag"),
    # Labels and masks
    "labels": ("--labels", "value"),
    "labels_out": ("--labels-out", "value"),
    "data": ("--data", "value"),
    "kpt_shape": ("--kpt-shape", "ints"),
    "flip_idx": ("--flip-idx", "ints"),
    "flip_pairs": ("--flip-pairs", "value"),
    "box_method": ("--box-method", "value"),
    "min_visibility": ("--min-visibility", "value"),
    "min_area": ("--min-area", "value"),
    "masks": ("--masks", "value"),
    "masks_out": ("--masks-out", "value"),
    "mask_fill": ("--mask-fill", "value"),
    # Workers
    "workers": ("-j", "value"),
    "task_timeout": ("--task-timeout", "value"),
    "retries": ("--retries", "value"),
    # Reporting (--report is the wrapper's: it reads the rows from standard output and writes `report` itself)
    "failed": ("--failed", "value"),
    "dry_run": ("--dry-run", "flag"),
    "quiet": ("--quiet", "flag"),
    "verbose": ("--verbose", "flag"),
}

#: Options of the CLI that the wrapper sets itself, or that are positional arguments here.
WRAPPER_OWNED = {"--op": "ops", "-o": "output", "--output": "output", "--report": "report", "--help": None}


def _text(v: Any) -> str | bytes:
    if isinstance(v, (str, bytes, os.PathLike)):
        return os.fspath(v)
    if isinstance(v, bool):
        raise TypeError(f"a boolean where a value was expected: {v!r}")
    return str(v)


def option_args(options: Dict[str, Any]) -> List[Any]:
    """The command-line arguments of `options` (keywords of `OPTIONS`), in the table's order."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(unknown)}")
    argv: List[Any] = []
    for name, (flag, kind) in OPTIONS.items():
        v = options.get(name)
        if v is None or v is False or (kind == "list" and not v):
            continue
        if kind == "flag":
            if v is not True:
                raise TypeError(f"{name} is a switch: True or False, not {v!r}")
            argv.append(flag)
        elif kind == "list":
            items: Iterable[Any] = [v] if isinstance(v, (str, bytes, os.PathLike)) else v
            for item in items:
                argv += [flag, _text(item)]
        elif kind == "shard":
            if isinstance(v, tuple):
                if len(v) != 2:
                    raise ValueError(f"shard: (index, count), got {v!r}")
                v = f"{v[0]}/{v[1]}"
            argv += [flag, _text(v)]
        elif kind == "ints":
            if not isinstance(v, (str, bytes)):
                v = ",".join(str(int(x)) for x in v)
            argv += [flag, _text(v)]
        else:
            argv += [flag, _text(v)]
    return argv


def op_args(ops: str | Sequence[str] | Pipeline | None) -> List[str]:
    """`--op` arguments: one string, a sequence of them, or a `Pipeline`."""
    if ops is None:
        return []
    if isinstance(ops, Pipeline):
        return ops.args()
    if isinstance(ops, str):
        ops = [ops]
    argv: List[str] = []
    for op in ops:
        if not isinstance(op, str):
            raise TypeError(f"an op is a string such as 'rotate=45' (or pass a Pipeline), not {type(op).__name__}")
        argv += ["--op", op]
    return argv


def input_args(inputs: Any) -> List[Any]:
    """The positional inputs: one path, or a sequence of them (None or empty with `from_list`)."""
    if inputs is None:
        return []
    if isinstance(inputs, (str, bytes, os.PathLike)):
        return [os.fspath(inputs)]
    return [os.fspath(i) for i in inputs]
