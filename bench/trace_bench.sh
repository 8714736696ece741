#!/usr/bin/env bash
# The cost of inspecting a run: one 224x224 bresnete18 image, release build, one core.
#   bench/trace_bench.sh [BASELINE_PIMSCOPE] [RUNS]
# Interleaves RUNS runs of: the baseline binary (a build without tracing, if given),
# this build untraced, with --trace-timeline, and with --trace-timeline + --trace-vcd;
# prints the median sc_start time ("simulation" in the run's host-time line), the median
# user CPU time of the whole run, and the trace file sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-}
runs=${2:-7}
bin=build/release/pimscope
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

variants=(untraced timeline timeline+vcd)
[ -n "$baseline" ] && variants=(baseline "${variants[@]}")
one() {  # one VARIANT: prints "sim_s user_s"
  local cmd=("$bin" run --arch configs/arch/rram22_xnor.yaml --net configs/nets/bresnete18.yaml --out "$out/o")
  case $1 in
    baseline) cmd[0]=$baseline ;;
    timeline) cmd+=(--trace-timeline "$out/t.json") ;;
    timeline+vcd) cmd+=(--trace-timeline "$out/t.json" --trace-vcd "$out/w.vcd") ;;
  esac
  /usr/bin/time -f "user %U" -o "$out/time" taskset -c 0 "${cmd[@]}" > "$out/log"
  echo "$(sed -n 's/.*simulation \([0-9.]*\) s.*/\1/p' "$out/log") $(sed -n 's/user //p' "$out/time")"
}
declare -A sims users
for ((k = 0; k < runs; ++k)); do
  for v in "${variants[@]}"; do
    read -r s u < <(one "$v")
    sims[$v]+="$s "
    users[$v]+="$u "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-14s %12s %12s\n' variant "sim median" "user median"
for v in "${variants[@]}"; do
  printf '%-14s %10s s %10s s   (sim: %s)\n' "$v" "$(median <<<"${sims[$v]}")" "$(median <<<"${users[$v]}")" "${sims[$v]}"
done
ls -l "$out"/t.json "$out"/w.vcd | awk '{printf "%s %.1f MB\n", $NF, $5 / 1e6}'
