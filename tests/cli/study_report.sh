#!/usr/bin/env bash
# run --study / --study-quirks: the study's conventions beside the true figures, the
# summary.json study block, components.csv and the named bottleneck.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

check() {  # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then echo "ok   $name"; passes=$((passes + 1)); else echo "FAIL $name"; fails=$((fails + 1)); fi
}

"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --adc-bits 3 --study --study-quirks --out "$TMP/q" > "$TMP/q.txt"
check quirks_exit_code test $? -eq 0
check quirks_study_block grep -q '"study"' "$TMP/q/summary.json"
check quirks_true_block grep -q '"true"' "$TMP/q/summary.json"
check quirks_components_csv test "$(wc -l < "$TMP/q/components.csv")" -gt 100
# the study's ops convention for bresnete18: 5.492 G (input map, stride ignored)
check quirks_ops grep -q "5.492.* G (input-map convention)" "$TMP/q.txt"
check quirks_bottleneck grep -q "slowest stage 'conv1'; latency: buffer" "$TMP/q.txt"

"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --adc-bits 3 --input-bits 4 --study --out "$TMP/c" > "$TMP/c.txt"
check corrected_exit_code test $? -eq 0
check corrected_label grep -q "corrected windows and input planes" "$TMP/c.txt"
check corrected_quirks_false grep -q '"quirks": false' "$TMP/c/summary.json"

finish
