#!/usr/bin/env bash
# `run --threads N` only moves the golden reference onto other threads: every simulated
# figure and every comparison with the golden reference must be the same for any N.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

# summary.json without its "host" block (wall-clock times), keys sorted.
without_host() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); j.pop("host"); print(json.dumps(j, sort_keys=True))' "$1"
}

# 3 threads: the three images are dealt to two workers.
for t in 1 2 3; do
  "$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
    --images 3 --threads $t --out "$TMP/t$t" > "$TMP/run$t.txt"
  check "run_threads_${t}_exit_code" test $? -eq 0
done
check threads_1_golden_after grep -qE "golden reference [0-9.e-]+ s\)" "$TMP/run1.txt"
check threads_2_golden_beside grep -q "beside the simulation on 1 thread," "$TMP/run2.txt"
check threads_3_golden_beside grep -q "beside the simulation on 2 threads," "$TMP/run3.txt"
check threads_2_host_json grep -q '"golden_threads": 1' "$TMP/t2/summary.json"
for t in 2 3; do
  for f in layers.csv components.csv bottlenecks.csv; do
    check "threads_${t}_same_$f" cmp -s "$TMP/t1/$f" "$TMP/t$t/$f"
  done
  check "threads_${t}_same_summary" test "$(without_host "$TMP/t1/summary.json")" = "$(without_host "$TMP/t$t/summary.json")"
  check "threads_${t}_same_stdout" test "$(grep -v 'host time\|wrote' "$TMP/run1.txt")" = "$(grep -v 'host time\|wrote' "$TMP/run$t.txt")"
done
check summary_has_images grep -q '"bit_exact_images"' "$TMP/t1/summary.json"
"$PIMSCOPE" run --threads 0 --input-size 32 > /dev/null 2>&1
check threads_0_rejected test $? -ne 0

finish
