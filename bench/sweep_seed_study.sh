#!/usr/bin/env bash
# The whole seed study as one sweep (configs/sweeps/seed_study.yaml), three ways: one
# process with --jobs 1, one process with --jobs 2, and mpirun -np 2 (--jobs 1 per
# rank). Prints the wall time of each, the speed-ups, the time per point by part (from
# the --jobs 1 run's timing.csv) and whether the three results.csv are identical.
#   bench/sweep_seed_study.sh [pimscope binary]
# Env: LIMIT=K evaluates the first K test images per accuracy point (default: all 10 000);
#      RUNS="jobs1 jobs2 mpi2" picks the configurations; KEEP=dir keeps the outputs there.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/pimscope}")
RUNS=${RUNS:-"jobs1 jobs2 mpi2"}
OUT=${KEEP:-$(mktemp -d)}
[ -z "${KEEP:-}" ] && trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# The sweep file with absolute paths (so that a copy with a different image limit works).
sweep=$OUT/seed_study.yaml
sed -e "s|\.\./|$PWD/configs/|g" -e "s|reference: reference/|reference: $PWD/configs/sweeps/reference/|" \
  configs/sweeps/seed_study.yaml >"$sweep"
if [ -n "${LIMIT:-}" ]; then
  sed -i "s|      dataset: fashion-mnist:test|      dataset: fashion-mnist:test\n      limit: $LIMIT|" "$sweep"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A wall
for run in $RUNS; do
  rm -rf "${OUT:?}/$run"
  case $run in
    jobs1) cmd=("$BIN" sweep "$sweep" --out "$OUT/$run" --jobs 1) ;;
    jobs2) cmd=("$BIN" sweep "$sweep" --out "$OUT/$run" --jobs 2) ;;
    mpi2) cmd=(mpirun --allow-run-as-root --oversubscribe -np 2 "$BIN" sweep "$sweep" --out "$OUT/$run" --jobs 1) ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
  esac
  start=$(date +%s.%N)
  "${cmd[@]}" >"$OUT/$run.log" 2>&1 || { echo "$run failed:"; tail "$OUT/$run.log"; exit 1; }
  wall[$run]=$(awk "BEGIN { print $(date +%s.%N) - $start }")
  echo "$run: ${wall[$run]} s (load average now $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

echo "seed_study.yaml: $(($(wc -l <"$OUT/${RUNS%% *}/results.csv") - 1)) points," \
     "accuracy on ${LIMIT:-all 10 000} test images per point; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| configuration | wall (s) | speed-up vs --jobs 1 |"
echo "|---|---|---|"
for run in $RUNS; do
  speedup="—"
  [ -n "${wall[jobs1]:-}" ] && speedup=$(awk "BEGIN { printf \"%.2f×\", ${wall[jobs1]} / ${wall[$run]} }")
  printf "| %s | %.1f | %s |\n" "$run" "${wall[$run]}" "$speedup"
done
echo
first=${RUNS%% *}
echo "Time per point in the $first run (timing.csv; s):"
echo
echo "| part | points | mean | min | max | sum |"
echo "|---|---|---|---|---|---|"
tail -n +2 "$OUT/$first/timing.csv" | awk -F, '
  { n[$2]++; s[$2]+=$5; if (!($2 in lo) || $5<lo[$2]) lo[$2]=$5; if ($5>hi[$2]) hi[$2]=$5 }
  END { for (p in n) printf "| %s | %d | %.2f | %.2f | %.2f | %.1f |\n", p, n[p], s[p]/n[p], lo[p], hi[p], s[p] }'
echo
for run in $RUNS; do
  if cmp -s "$OUT/$first/results.csv" "$OUT/$run/results.csv"; then
    echo "results.csv of $run: identical to $first"
  else
    echo "results.csv of $run: DIFFERS from $first"
  fi
done
