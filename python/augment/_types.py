"""What a run gives back: a `Row` per output, a `Summary`, a `Plan`; and the errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Literal, NamedTuple, Optional, Tuple

__all__ = ["Row", "Warnings", "LabelCounts", "FailedInput", "Summary", "Plan",
           "AugmentError", "UsageError", "Interrupted", "BinaryNotFound"]

Status = Literal["ok", "failed", "skipped"]
Affine = Tuple[Tuple[float, float, float], Tuple[float, float, float]]


@dataclass(frozen=True)
class Warnings:
    """Recoverable damage the decoder read past (the report's `warnings`): how often, and the first message."""
    count: int
    first: str


class LabelCounts(NamedTuple):
    """The report's `labels`: objects read (`in`), written (`out`) and dropped (off the canvas, filtered)."""
    in_: int
    out: int
    dropped: int


@dataclass(frozen=True)
class Row:
    """One row of the CLI's report (`--report`): one output, or a folder that could not be listed.

    Fields as the report names them (`labels.in` is `labels.in_`), typed; `raw` is the row as parsed."""

    input: str
    #: The output path; None for a folder that could not be listed.
    output: Optional[str]
    #: The copy index (0 when `copies` is 1); None for a folder row.
    copy: Optional[int]
    #: "ok", "failed" or "skipped".
    status: Status
    #: Why it failed; None unless `status` is "failed".
    error: Optional[str] = None
    #: Damage the decoder read past (the input is "damaged" when this is set and the row is ok).
    warnings: Optional[Warnings] = None
    #: Label counts, for a run with `labels=`.
    labels: Optional[LabelCounts] = None
    #: The parameters actually sampled (`{"exif_orientation": 1, "ops": [...]}`).
    params: Optional[Dict[str, Any]] = None
    #: The 2x3 matrix from input pixel coordinates (as stored) to output pixel coordinates.
    affine: Optional[Affine] = None
    #: Milliseconds the item took in its worker.
    ms: Optional[float] = None
    #: With `jpeg_lossless=True`: whether the output was made in the DCT domain (None without the option).
    lossless: Optional[bool] = None
    #: Why it was not (the transform is not perfect on this JPEG, an op resamples...), else None.
    lossless_reason: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def skipped(self) -> bool:
        return self.status == "skipped"

    @property
    def damaged(self) -> bool:
        """Written from an input the decoder warned about (counted as "damaged" by the CLI's summary)."""
        return self.status == "ok" and self.warnings is not None

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> Row:
        w = d.get("warnings")
        lab = d.get("labels")
        aff = d.get("affine")
        return cls(
            input=d["input"], output=d.get("output"), copy=d.get("copy"), status=d["status"],
            error=d.get("error"),
            warnings=Warnings(int(w["count"]), str(w["first"])) if w else None,
            labels=LabelCounts(int(lab["in"]), int(lab["out"]), int(lab["dropped"])) if lab else None,
            params=d.get("params"),
            affine=(tuple(float(x) for x in aff[0]), tuple(float(x) for x in aff[1])) if aff else None,  # type: ignore[arg-type]
            ms=d.get("ms"), lossless=d.get("lossless"), lossless_reason=d.get("lossless_reason"), raw=d)

    @classmethod
    def from_json(cls, line: str | bytes) -> Row:
        """Parses one line of a `--report` file."""
        return cls.from_dict(json.loads(line))


class FailedInput(NamedTuple):
    """An input with a failed output (each input once, however many of its copies failed)."""
    input: str
    error: Optional[str]


@dataclass(frozen=True)
class Summary:
    """What a run did: counts of outputs by status, the failed inputs, the wall time, every row."""

    ok: int
    failed: int
    skipped: int
    #: Outputs written from damaged but decodable inputs (also counted in `ok`).
    damaged: int
    #: The inputs that failed, in input order, each once, with the first error.
    failed_inputs: Tuple[FailedInput, ...]
    #: Seconds from the start of the CLI to its exit.
    wall_time: float
    #: Every report row, in input order.
    rows: Tuple[Row, ...] = field(repr=False)
    #: The CLI's exit status: 0 all ok, 1 some items failed.
    returncode: int = 0

    @property
    def total(self) -> int:
        return len(self.rows)

    @classmethod
    def from_rows(cls, rows: List[Row], wall_time: float, returncode: int) -> Summary:
        failed_inputs: List[FailedInput] = []
        seen = set()
        for r in rows:
            if r.status == "failed" and r.input not in seen:
                seen.add(r.input)
                failed_inputs.append(FailedInput(r.input, r.error))
        return cls(ok=sum(r.status == "ok" for r in rows), failed=sum(r.status == "failed" for r in rows),
                   skipped=sum(r.status == "skipped" for r in rows), damaged=sum(r.damaged for r in rows),
                   failed_inputs=tuple(failed_inputs), wall_time=wall_time, rows=tuple(rows),
                   returncode=returncode)


@dataclass(frozen=True)
class Plan:
    """What a run would do (`augment --dry-run`): counts, and the CLI's printed plan."""

    items: int
    #: Outputs the run would report (one `Row` each): `tqdm(iter_run(...), total=plan.outputs)`.
    outputs: int
    #: Files in walked folders that are not images.
    ignored: int
    #: The pipeline document the run would use (what `Pipeline.to_dict()` gives).
    pipeline: Dict[str, Any]
    text: str = field(repr=False)


class AugmentError(Exception):
    """The CLI did not run to the end: the exit status, the command, and the end of its standard error."""

    def __init__(self, message: str, *, returncode: Optional[int] = None, argv: Optional[List[Any]] = None,
                 stderr: str = ""):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.argv = argv or []
        self.stderr = stderr


class UsageError(AugmentError, ValueError):
    """What the CLI refuses before any work (exit 2): a value out of range, a bad op, a missing input...

    The message is the CLI's, without its "augment: " or "Error: " prefix."""


class Interrupted(AugmentError):
    """The CLI was stopped by a signal that this process did not send (exit 130 or 143, or killed).

    `summary` holds what finished before."""

    def __init__(self, message: str, *, summary: Optional[Summary] = None, **kw: Any):
        super().__init__(message, **kw)
        self.summary = summary


class BinaryNotFound(AugmentError, FileNotFoundError):
    """No `augment` executable: not in the package (a source checkout), and `AUGMENT_BINARY` unset."""
