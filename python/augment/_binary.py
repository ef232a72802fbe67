"""Where the `augment` executable is: inside this package (the wheel puts it at `augment/_bin/augment`)."""

from __future__ import annotations

import os
import sys
from typing import List, NoReturn, Optional

from ._types import BinaryNotFound

_BUNDLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bin", "augment")


def binary_path() -> str:
    """The path of the `augment` executable: `$AUGMENT_BINARY` when set (a development build), else the one
    this package ships (`augment/_bin/augment`, found from this file, wherever pip installed it).

    Raises `BinaryNotFound` when neither exists (a source checkout without a build)."""
    env = os.environ.get("AUGMENT_BINARY")
    if env:
        if not os.access(env, os.X_OK):
            raise BinaryNotFound(f"AUGMENT_BINARY={env} is not an executable file")
        return env
    if os.access(_BUNDLED, os.X_OK):
        return _BUNDLED
    raise BinaryNotFound(
        f"no augment executable at {_BUNDLED}: install the wheel (scripts/wheel builds it), or set "
        "AUGMENT_BINARY to a built binary (swift build -c release: .build/release/augment)")


def main(argv: Optional[List[str]] = None) -> NoReturn:
    """The `augment` console script (and `python -m augment`): replaces this process with the executable,
    so that signals, standard streams and the exit status are the executable's own."""
    args = sys.argv[1:] if argv is None else argv
    try:
        exe = binary_path()
    except BinaryNotFound as e:
        sys.stderr.write(f"augment: {e}\n")
        raise SystemExit(2) from None
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(exe, [exe, *args])
