#!/usr/bin/env bash
# The same command twice gives the same results (issue 19): every output file byte for byte,
# summary.json apart from the host-time fields that measure this machine, not the chip.
# With non-idealities on, so that the seeded draws of cells and read noise are covered too.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

# The fields of summary.json's "host" block that hold wall-clock or CPU time: they are the
# only ones allowed to differ between two identical runs. A new time field makes this test
# fail until it is named here.
host_time_fields='wall_s|elaborate_s|simulate_s|golden_reference_s|golden_wait_s|prepare_s|teardown_s'
# The host block's thread count: it follows --threads, which changes no simulated figure.
host_config_fields='golden_threads'

# summary.json with the named fields' lines removed (one key per line in its layout);
# fails when one of them is missing, so that a renamed field cannot make the check vacuous.
strip() {
  local file=$1 fields=$2 f
  for f in ${fields//|/ }; do
    grep -qE "^ *\"$f\": " "$file" || { echo "determinism: $file has no field $f" >&2; return 1; }
  done
  grep -vE "^ *\"($fields)\": " "$file"
}

run() {
  local out=$1; shift
  "$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 --images 2 \
    --set nonideal.variation_sigma=0.05 --set nonideal.read_noise_sigma=0.02 --set nonideal.stuck_off_rate=0.01 \
    --adc-bits 5 "$@" --out "$TMP/$out" > "$TMP/$out.txt"
}
run a --threads 2
check run_a_exit_code test $? -eq 0
run b --threads 2
check run_b_exit_code test $? -eq 0
run c --threads 1
check run_c_exit_code test $? -eq 0

strip "$TMP/a/summary.json" "$host_time_fields" > "$TMP/a.json"
check a_strip test $? -eq 0
strip "$TMP/b/summary.json" "$host_time_fields" > "$TMP/b.json"
check b_strip test $? -eq 0
check twice_same_summary cmp "$TMP/a.json" "$TMP/b.json"
check twice_only_host_time_differs test "$(grep -cE "\"($host_time_fields)\": " "$TMP/a/summary.json")" -eq 7
for f in layers.csv components.csv bottlenecks.csv report.html; do
  check "twice_same_$f" cmp "$TMP/a/$f" "$TMP/b/$f"
done
# The non-idealities must have reached the chip, or the check above proves less than it says.
check nonideal_outputs_differ grep -q "0/2 outputs bit-exact\|1/2 outputs bit-exact" "$TMP/a.txt"

strip "$TMP/c/summary.json" "$host_time_fields|$host_config_fields" > "$TMP/c.json"
strip "$TMP/a/summary.json" "$host_time_fields|$host_config_fields" > "$TMP/a1.json"
check threads_1_vs_2_same_summary cmp "$TMP/a1.json" "$TMP/c.json"
for f in layers.csv components.csv bottlenecks.csv report.html; do
  check "threads_1_vs_2_same_$f" cmp "$TMP/a/$f" "$TMP/c/$f"
done

finish
