#!/usr/bin/env bash
# The two everyday commands: map prints the study's floorplan, run writes its outputs.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

"$PIMSCOPE" map --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" > "$TMP/map.txt"
check map_exit_code test $? -eq 0
check map_total_tiles grep -qE "77 tiles" "$TMP/map.txt"
check map_utilisation grep -qE "81\.2 ?%" "$TMP/map.txt"

"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --images 2 --adc-bits 7 --out "$TMP/out" > "$TMP/run.txt"
check run_exit_code test $? -eq 0
check run_summary_json test -s "$TMP/out/summary.json"
check run_layers_csv test "$(wc -l < "$TMP/out/layers.csv")" -gt 21
check run_bit_exact grep -q "2/2 outputs bit-exact" "$TMP/run.txt"
check run_no_partial_files test -z "$(ls "$TMP/out" | grep partial)"
check run_help "$PIMSCOPE" run --help
check run_marked_complete grep -q '"complete": true' "$TMP/out/summary.json"

# A re-run into the same directory that fails half way (report.html cannot be replaced:
# a directory stands there) exits non-zero and leaves no summary.json: the new layers.csv
# cannot pass for the old run's, nor the old summary for the new files'.
mkdir "$TMP/out/report.html.d" && rm "$TMP/out/report.html" && mv "$TMP/out/report.html.d" "$TMP/out/report.html"
"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --adc-bits 5 --out "$TMP/out" > "$TMP/rerun.txt" 2>&1
check rerun_fails test $? -ne 0
check rerun_no_old_summary test ! -e "$TMP/out/summary.json"

finish
