#!/usr/bin/env bash
# Set up (packages) and build the release preset. Used by the README's two commands.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
