# Shared helpers for the command-line tests (sourced, not run: it has no _test suffix
# but CMake globs *.sh, so it guards itself).
[ "${BASH_SOURCE[0]}" = "$0" ] && { echo "lib.sh is a library"; exit 0; }
set -u
PIMSCOPE=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
passes=0

# expect_error NAME PATTERN -- ARGS...: pimscope must exit 2 and print PATTERN on stderr
# in a single line.
expect_error() {
  local name=$1 pattern=$2
  shift 3
  local err rc
  err=$("$PIMSCOPE" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "FAIL $name: exit code $rc, expected 2 (stderr: $err)"; fails=$((fails + 1)); return
  fi
  if ! grep -qE -- "$pattern" <<<"$err"; then
    echo "FAIL $name: message '$err' does not match /$pattern/"; fails=$((fails + 1)); return
  fi
  if [ "$(wc -l <<<"$err")" -ne 1 ]; then
    echo "FAIL $name: expected one line, got: $err"; fails=$((fails + 1)); return
  fi
  echo "ok   $name: $err"; passes=$((passes + 1))
}

# check NAME CONDITION-COMMAND...: one named check that passes when the command succeeds.
check() {
  local name=$1; shift
  if "$@"; then echo "ok   $name"; passes=$((passes + 1)); else echo "FAIL $name"; fails=$((fails + 1)); fi
}

# True when pimscope is built with AddressSanitizer (the asan preset).
under_asan() { ldd "$PIMSCOPE" 2>/dev/null | grep -q libasan; }

finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
