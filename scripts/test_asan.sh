#!/usr/bin/env bash
# The whole suite under AddressSanitizer and UBSan (the asan preset: Debug, -fsanitize=
# address,undefined). CI runs it after the release suite. Any sanitizer report fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)"
# OpenMPI's own allocations live until exit (tests/sanitizers/lsan.supp); Verilator's trace
# writers store misaligned (ubsan.supp); UBSan stops at the first other report so that a
# test cannot pass over undefined behaviour.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/ubsan.supp:print_stacktrace=1:halt_on_error=1"
ctest --test-dir build/asan -j"$(nproc)" --timeout 900 --output-on-failure "$@"
