#!/usr/bin/env bash
# Set up, build and run the whole test suite (the README's second command; CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --preset release -j"$(nproc)" "$@"
