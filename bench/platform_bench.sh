#!/usr/bin/env bash
# The platform budget: one 224x224 bresnete18 image, functional + timed, pipelined,
# release build, one core. Prints wall time, peak memory and the split between the
# functional kernel and the SystemC/TLM side.
#   bench/platform_bench.sh [extra pimscope run options]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/pimscope
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
/usr/bin/time -f "wall %e s, peak RSS %M KiB" taskset -c 0 "$bin" run \
  --arch configs/arch/rram22_xnor.yaml --net configs/nets/bresnete18.yaml --out "$out" "$@" 2>&1
taskset -c 0 build/release/bench/functional_bench configs/nets/bresnete18.yaml configs/arch/rram22_xnor.yaml
