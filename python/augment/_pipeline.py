"""`Pipeline`: the ops of a run, built in Python.

A pipeline prints as the CLI's `--op` strings (`str(p)`, `p.op_strings()`) and serialises to the JSON
document that `--pipeline FILE` reads (`p.to_json()`, `p.save(path)`), the same document `augment
--dry-run` prints after "pipeline JSON:". Both forms describe the same ops, so a run given `ops=p` and a
run given `pipeline=p` write byte-identical outputs.

Only names and kinds are checked here (an unknown resample, a probability outside [0, 1], a fill of
five components...), with `ValueError` or `TypeError`; the numeric limits (angles within ±3600
degrees, centres within ±1,000,000 pixels) are the CLI's, checked by it before any work, and arrive
as `augment.UsageError`.
"""

from __future__ import annotations

import json
import math
import os
import shlex
from typing import Any, Dict, Iterator, List, Sequence, Tuple, Union

__all__ = ["Pipeline"]

_RESAMPLE = ("nearest", "bilinear", "bicubic")
_CROP = ("none", "inscribed", "inscribed-resized")
_AXES = ("h", "v")
_FIXED = ("rot90", "rot180", "rot270", "transpose", "transverse")

Number = Union[int, float]


def _number(v: Any, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"{what} must be a number, not {type(v).__name__}")
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"{what} must be finite, got {f}")
    return f


def _format(v: float) -> str:
    """A number as the op grammar writes it (Swift's `formatNumber`): integers without a point."""
    if v == math.floor(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _json_number(v: float) -> int | float:
    return int(v) if v == math.floor(v) and abs(v) < 1e15 else v


def _choice(value: Any, allowed: Sequence[Any], what: str) -> List[Any]:
    """A value or a choice of values (a list/tuple, or 'a|b' for strings), each one of `allowed`."""
    if isinstance(value, str):
        values: List[Any] = value.split("|")
    elif isinstance(value, (list, tuple)):
        values = list(value)
    else:
        values = [value]
    if not values:
        raise ValueError(f"{what}: an empty choice")
    for v in values:
        if v not in allowed or (isinstance(v, bool) != isinstance(allowed[0], bool)):
            raise ValueError(f"{what} must be one of {', '.join(map(str, allowed))}, got {v!r}")
    return values


class _Op:
    __slots__ = ("name", "fields")

    def __init__(self, name: str, fields: Dict[str, Any]):
        self.name = name
        self.fields = fields

    def op_string(self) -> str:
        f = self.fields
        if self.name == "rotate":
            d = f["degrees"]
            if d[0] == "fixed":
                s = "rotate=" + _format(d[1])
            elif d[0] == "uniform":
                s = f"rotate={_format(d[1])}..{_format(d[2])}"
            else:
                s = "rotate=" + "|".join(_format(x) for x in d[1])
            if f["resample"] != ["nearest"]:
                s += ",resample=" + "|".join(f["resample"])
            if f["expand"] != [False]:
                s += ",expand=" + "|".join("true" if x else "false" for x in f["expand"])
            if f["fill"] is not None:
                s += ",fill=" + ":".join(str(c) for c in f["fill"])
            if f["center"] is not None:
                s += f",center={_format(f['center'][0])}:{_format(f['center'][1])}"
            if f["crop"] != "none":
                s += ",crop=" + f["crop"]
        elif self.name == "flip":
            s = "flip=" + "|".join(f["axis"])
        else:
            s = self.name
        if f["p"] != 1:
            s += ",p=" + _format(f["p"])
        return s

    def to_dict(self) -> Dict[str, Any]:
        f = self.fields

        def param(values: List[Any]) -> Any:
            return values[0] if len(values) == 1 else {"choice": values}

        d: dict[str, Any] = {"op": self.name}
        if self.name == "rotate":
            deg = f["degrees"]
            if deg[0] == "fixed":
                d["degrees"] = _json_number(deg[1])
            elif deg[0] == "uniform":
                d["degrees"] = {"uniform": [_json_number(deg[1]), _json_number(deg[2])]}
            else:
                d["degrees"] = {"choice": [_json_number(x) for x in deg[1]]}
            d["resample"] = param(f["resample"])
            d["expand"] = param(f["expand"])
            if f["fill"] is not None:
                d["fill"] = list(f["fill"])
            if f["center"] is not None:
                d["center"] = {"x": _json_number(f["center"][0]), "y": _json_number(f["center"][1])}
            d["crop"] = f["crop"]
        elif self.name == "flip":
            d["axis"] = param(f["axis"])
        d["p"] = _json_number(f["p"])
        return d

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Op) and self.to_dict() == other.to_dict()


class Pipeline:
    """The ops of a run, applied in order; each method appends one op and returns the pipeline.

        >>> p = Pipeline().rotate(-15, 15, resample="bilinear", crop="inscribed").flip("h", p=0.5)
        >>> p.op_strings()
        ['rotate=-15..15,resample=bilinear,crop=inscribed', 'flip=h,p=0.5']
        >>> str(p)
        '--op rotate=-15..15,resample=bilinear,crop=inscribed --op flip=h,p=0.5'

    Pass it as `ops=` (the `--op` strings) or `pipeline=` (a JSON file) to `augment.run`.
    """

    def __init__(self, ops: Sequence[str] | None = None):
        """An empty pipeline; `Pipeline(["rot90", "flip=h,p=0.5"])` starts from `--op` strings."""
        self._ops: list[_Op] = []
        for spec in ops or ():
            self._ops.append(_parse_op(spec))

    # -- the ops ------------------------------------------------------------------------------------------------

    def rotate(self, degrees: Number | Sequence[Number], high: Number | None = None, *,
               resample: str | Sequence[str] = "nearest", expand: bool | Sequence[bool] = False,
               fill: int | Sequence[int] | None = None, center: tuple[Number, Number] | None = None,
               crop: str = "none", p: float = 1.0) -> Pipeline:
        """Rotates counter-clockwise (as Pillow's `Image.rotate`).

        `rotate(45)` a fixed angle, `rotate(-15, 15)` uniform in [-15, 15], `rotate([0, 90, 180])` one of
        those. `resample`: "nearest" (default), "bilinear", "bicubic", or a choice ("nearest|bilinear" or a
        list). `expand`: grow the canvas to hold the whole image (or a choice `[True, False]`). `fill`: the
        colour of the uncovered corners, 1 to 4 integers 0-255 (V, V:A, R:G:B, R:G:B:A). `center`: (x, y) in
        pixels. `crop`: "none", "inscribed" (the largest rectangle with no fill) or "inscribed-resized".
        `p`: the probability that the op applies."""
        if high is not None:
            lo, hi = _number(degrees, "rotate: degrees"), _number(high, "rotate: high")
            if lo > hi:
                raise ValueError(f"rotate: a range needs low <= high, got {lo}..{hi}")
            deg: Tuple[Any, ...] = ("uniform", lo, hi)
        elif isinstance(degrees, (list, tuple)):
            values = [_number(v, "rotate: degrees") for v in degrees]
            if not values:
                raise ValueError("rotate: an empty choice of degrees")
            deg = ("fixed", values[0]) if len(values) == 1 else ("choice", values)
        else:
            deg = ("fixed", _number(degrees, "rotate: degrees"))
        fields: dict[str, Any] = {
            "degrees": deg,
            "resample": _choice(resample, _RESAMPLE, "rotate: resample"),
            "expand": _choice(expand, (False, True), "rotate: expand"),
            "fill": None, "center": None,
            "crop": crop, "p": _probability(p),
        }
        if crop not in _CROP:
            raise ValueError(f"rotate: crop must be one of {', '.join(_CROP)}, got {crop!r}")
        if fill is not None:
            comps = [fill] if isinstance(fill, int) else list(fill)
            if not 1 <= len(comps) <= 4 or any(isinstance(c, bool) or not isinstance(c, int) or not 0 <= c <= 255
                                               for c in comps):
                raise ValueError(f"rotate: fill must be 1 to 4 integers 0-255, got {fill!r}")
            fields["fill"] = comps
        if center is not None:
            if len(center) != 2:
                raise ValueError(f"rotate: center must be (x, y), got {center!r}")
            fields["center"] = (_number(center[0], "rotate: center x"), _number(center[1], "rotate: center y"))
        self._ops.append(_Op("rotate", fields))
        return self

    def flip(self, axis: str | Sequence[str] = "h", *, p: float = 1.0) -> Pipeline:
        """Mirrors: "h" left-right, "v" top-bottom, "h|v" (or ["h", "v"]) one of them at random."""
        self._ops.append(_Op("flip", {"axis": _choice(axis, _AXES, "flip: axis"), "p": _probability(p)}))
        return self

    def rot90(self, *, p: float = 1.0) -> Pipeline:
        """A quarter turn counter-clockwise."""
        return self._fixed("rot90", p)

    def rot180(self, *, p: float = 1.0) -> Pipeline:
        """A half turn."""
        return self._fixed("rot180", p)

    def rot270(self, *, p: float = 1.0) -> Pipeline:
        """Three quarter turns counter-clockwise."""
        return self._fixed("rot270", p)

    def transpose(self, *, p: float = 1.0) -> Pipeline:
        """Mirrors about the main diagonal."""
        return self._fixed("transpose", p)

    def transverse(self, *, p: float = 1.0) -> Pipeline:
        """Mirrors about the other diagonal."""
        return self._fixed("transverse", p)

    def _fixed(self, name: str, p: float) -> Pipeline:
        self._ops.append(_Op(name, {"p": _probability(p)}))
        return self

    # -- the two forms ------------------------------------------------------------------------------------------

    def op_strings(self) -> list[str]:
        """The `--op` strings, in order: `["rotate=-15..15,resample=bilinear", "flip=h,p=0.5"]`."""
        return [op.op_string() for op in self._ops]

    def args(self) -> list[str]:
        """The command-line arguments: `["--op", "rotate=...", "--op", "flip=h"]`."""
        out: list[str] = []
        for s in self.op_strings():
            out += ["--op", s]
        return out

    def to_dict(self) -> Dict[str, Any]:
        """The pipeline document: `{"ops": [{"op": "rotate", "degrees": ..., ...}, ...]}`."""
        return {"ops": [op.to_dict() for op in self._ops]}

    def to_json(self, **dumps: Any) -> str:
        """The JSON that `augment --pipeline FILE` reads (keys sorted, as `--dry-run` prints it)."""
        dumps.setdefault("sort_keys", True)
        dumps.setdefault("separators", (",", ":"))
        return json.dumps(self.to_dict(), **dumps)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes `to_json()` to `path`, for `augment --pipeline path`."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json(indent=2) + "\n")

    @classmethod
    def from_dict(cls, doc: Dict[str, Any]) -> Pipeline:
        """Reads a pipeline document (the `to_dict()` form, or what `--dry-run` prints as JSON)."""
        if not isinstance(doc, dict) or set(doc) != {"ops"} or not isinstance(doc["ops"], list):
            raise ValueError('a pipeline document is {"ops": [...]}')
        p = cls()
        for i, o in enumerate(doc["ops"], 1):
            if not isinstance(o, dict) or "op" not in o:
                raise ValueError(f'op {i}: an object {{"op": NAME, ...}}')
            o = dict(o)
            name = o.pop("op")
            prob = o.pop("p", 1)

            def param(v: Any) -> Any:
                return v["choice"] if isinstance(v, dict) and set(v) == {"choice"} else v

            if name == "rotate":
                deg = o.pop("degrees")
                args: Tuple[Any, ...] = (deg,)
                if isinstance(deg, dict) and "uniform" in deg:
                    args = tuple(deg["uniform"])
                elif isinstance(deg, dict) and "choice" in deg:
                    args = (list(deg["choice"]),)
                center = o.pop("center", None)
                p.rotate(*args, resample=param(o.pop("resample", "nearest")), expand=param(o.pop("expand", False)),
                         fill=o.pop("fill", None), center=(center["x"], center["y"]) if center else None,
                         crop=o.pop("crop", "none"), p=prob)
            elif name == "flip":
                p.flip(param(o.pop("axis")), p=prob)
            elif name in _FIXED:
                p._fixed(name, _probability(prob))
            else:
                raise ValueError(f"op {i}: unknown op {name!r}")
            if o:
                raise ValueError(f"op {i} ({name}): unknown key(s) {', '.join(sorted(o))}")
        return p

    @classmethod
    def from_json(cls, text: str) -> Pipeline:
        """Reads the JSON that `to_json()` writes."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Pipeline:
        """Reads a `--pipeline` file."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    # -- a sequence of ops --------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ops)

    def __iter__(self) -> Iterator[str]:
        """The `--op` strings."""
        return iter(self.op_strings())

    def __add__(self, other: Pipeline) -> Pipeline:
        p = Pipeline()
        p._ops = self._ops + other._ops
        return p

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.to_dict() == other.to_dict()

    def __str__(self) -> str:
        """As the command line's `--op` arguments, shell-quoted."""
        return " ".join(shlex.quote(a) for a in self.args())

    def __repr__(self) -> str:
        return f"Pipeline({self.op_strings()!r})"


def _probability(p: Any) -> float:
    v = _number(p, "p")
    if not 0 <= v <= 1:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    return v


def _parse_op(spec: str) -> _Op:
    """One `--op` string, for `Pipeline([...])` (the CLI's grammar; its ranges are the CLI's to check)."""
    if not isinstance(spec, str):
        raise TypeError(f"an op is a string like 'rotate=45,p=0.5', not {type(spec).__name__}")
    head, *rest = spec.split(",")
    name, _, value = head.partition("=")
    keys: dict[str, str] = {}
    for part in rest:
        k, eq, v = part.partition("=")
        if not eq or not k:
            raise ValueError(f"{spec!r}: KEY=VALUE after the first comma, got {part!r}")
        if k in keys:
            raise ValueError(f"{spec!r}: each key once, got {k!r} twice")
        keys[k] = v
    allowed = {"resample", "expand", "fill", "crop", "center", "p"} if name == "rotate" else {"p"}
    for k in keys:
        if k not in allowed:
            raise ValueError(f"{spec!r}: a key among {', '.join(sorted(allowed))} for {name}, got {k!r}")

    def num(t: str) -> float:
        try:
            return float(t)
        except ValueError:
            raise ValueError(f"{spec!r}: a number, got {t!r}") from None

    p = _probability(num(keys.pop("p"))) if "p" in keys else 1.0
    pl = Pipeline()
    if name == "rotate":
        if not value:
            raise ValueError(f"{spec!r}: rotate=DEGREES: a number, a range A..B or a choice A|B|...")
        if ".." in value:
            lo, _, hi = value.partition("..")
            args: Tuple[Any, ...] = (num(lo), num(hi))
        elif "|" in value:
            args = ([num(t) for t in value.split("|")],)
        else:
            args = (num(value),)
        fill = [int(c) for c in keys["fill"].split(":")] if "fill" in keys else None
        center = None
        if "center" in keys:
            xy = keys["center"].split(":")
            if len(xy) != 2:
                raise ValueError(f"{spec!r}: center=X:Y")
            center = (num(xy[0]), num(xy[1]))
        expand: Any = [{"true": True, "false": False}.get(t, t) for t in keys.get("expand", "false").split("|")]
        pl.rotate(*args, resample=keys.get("resample", "nearest"), expand=expand, fill=fill, center=center,
                  crop=keys.get("crop", "none"), p=p)
    elif name == "flip":
        if not value:
            raise ValueError(f"{spec!r}: flip=h, flip=v or flip=h|v")
        pl.flip(value, p=p)
    elif name in _FIXED:
        if value:
            raise ValueError(f"{spec!r}: {name} takes no value")
        pl._fixed(name, p)
    else:
        raise ValueError(f"{spec!r}: an op among rotate, flip, {', '.join(_FIXED)}, got {name!r}")
    return pl._ops[0]
