#!/bin/sh
# Print the path of a Python 3.12+ interpreter, or explain on stderr and exit 1.
# PYTHON=/path/to/python, when set, is the only candidate.
#
# A pyenv shim on PATH exists as a file yet answers "command not found" unless a
# version is selected, so every candidate is run and asked for its version rather
# than trusted for its name.
set -u

runs_312() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

absolute() {
    "$1" -c 'import sys; print(sys.executable)'
}

if [ -n "${PYTHON:-}" ]; then
    if runs_312 "$PYTHON"; then
        absolute "$PYTHON"
        exit 0
    fi
    echo "PYTHON=$PYTHON does not run as Python 3.12 or newer." >&2
    exit 1
fi

for name in python3.13 python3.12; do
    if command -v "$name" >/dev/null 2>&1 && runs_312 "$name"; then
        absolute "$name"
        exit 0
    fi
done

pyenv_root=""
if command -v pyenv >/dev/null 2>&1; then
    pyenv_root=$(pyenv root 2>/dev/null || true)
fi
[ -n "$pyenv_root" ] || pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for minor in 13 12; do
    # Newest patch release first.
    for candidate in $(ls -d "$pyenv_root"/versions/3."$minor"*/bin/python3."$minor" 2>/dev/null | sort -rV); do
        if runs_312 "$candidate"; then
            echo "$candidate"
            exit 0
        fi
    done
done

if command -v python3 >/dev/null 2>&1 && runs_312 python3; then
    absolute python3
    exit 0
fi

cat >&2 <<'MSG'
No Python 3.12 or newer was found (tried python3.13, python3.12, pyenv's versions and python3).
Install one (for example `pyenv install 3.13`, or your distribution's python3.13 package),
or name it explicitly: make run PYTHON=/path/to/python3.13
MSG
exit 1
