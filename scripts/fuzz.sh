#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang, ASan + UBSan) and runs each for
# the given number of seconds (default 30), one after the other on one core, from its seed
# corpus (the shipped files, build/fuzz/seeds/) and the corpus earlier runs grew
# (build/fuzz/corpus/). Fails when any target finds a crash, a sanitizer report, an
# exception other than input_error, an input that takes more than 10 s, or one that needs
# more than 2 GB. The input that did it is left in build/fuzz/findings/<target>/.
#   scripts/fuzz.sh [seconds] [target...]      targets: arch_yaml device_yaml set_values
#   net_yaml neurosim_csv onnx npy idx image sweep_yaml (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: the time must be whole seconds, got '$seconds'" >&2; exit 2; }
targets=("$@")
((${#targets[@]})) || targets=(arch_yaml device_yaml set_values net_yaml neurosim_csv onnx npy idx image sweep_yaml)

scripts/setup.sh
command -v clang++-14 >/dev/null || { echo "fuzz.sh: clang++-14 is missing (scripts/setup.sh installs it)" >&2; exit 2; }
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)"

build=build/fuzz
# The parsers' own errors are expected by the thousand; UBSan must stop at its first report.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"
failed=()
for t in "${targets[@]}"; do
  exe=$build/tests/fuzz/${t}_fuzz
  [ -x "$exe" ] || { echo "fuzz.sh: no target '$t'" >&2; exit 2; }
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  log=$build/findings/$t/fuzz.log
  echo "fuzz.sh: $t for ${seconds} s"
  # -timeout: an input slower than 10 s is a finding; -rss_limit_mb: one needing more than
  # 2 GB is too (and keeps the run beside other work on a shared machine).
  if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$t/" "$build/corpus/$t" "$build/seeds/$t" >"$log" 2>&1; then
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|INITED|DONE" "$log" | tail -5 || true
  else
    echo "fuzz.sh: $t FAILED, see $log:" >&2
    grep -E "ERROR|SUMMARY|fuzz:|Test unit written|runtime error" "$log" | head -20 >&2 || true
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: every target ran ${seconds} s without a finding"
