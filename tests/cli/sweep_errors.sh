# Bad sweep files are one-line errors naming the file and the key (exit 2, nothing run);
# a point that fails at run time is recorded with its error and the others complete.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
NET=$SRC/configs/nets/bresnete18.yaml
head() { printf 'command: run\nbase: {arch: %s, net: %s, input-size: 32}\n' "$ARCH" "$NET"; }

{ head; printf 'grid:\n  adc-bitz: [3, 4]\n'; } >"$TMP/unknown.yaml"
expect_error unknown_key "unknown.yaml: line 4, key 'adc-bitz': unknown key.*; did you mean 'adc-bits'\?" -- sweep "$TMP/unknown.yaml" --out "$TMP/o1"
{ head; printf 'grid:\n  adc.bitz: [3, 4]\n'; } >"$TMP/unknown_config.yaml"
expect_error unknown_config_key "unknown_config.yaml: line 4, key 'adc.bitz': unknown key.*; did you mean 'adc.bits'\?" -- \
  sweep "$TMP/unknown_config.yaml" --out "$TMP/o2"
{ head; printf 'grid:\n  adc-bits: [3, five]\n'; } >"$TMP/value.yaml"
expect_error bad_axis_value "value.yaml: line 4, key 'adc-bits': expected a positive integer, got 'five'" -- \
  sweep "$TMP/value.yaml" --out "$TMP/o3"
{ head; printf 'grid:\n  adc.range: [fixed, minmax]\n'; } >"$TMP/config_value.yaml"
expect_error bad_config_value "config_value.yaml: point 1 \(adc.range=minmax\): .*adc.range" -- \
  sweep "$TMP/config_value.yaml" --out "$TMP/o4"
expect_error missing_file "nope.yaml: cannot open file" -- sweep "$TMP/nope.yaml" --out "$TMP/o5"
{ head; printf 'gird:\n  adc-bits: [3, 4]\n'; } >"$TMP/field.yaml"
expect_error unknown_field "field.yaml: line 3, key 'gird': unknown key; a sweep file has .*; did you mean 'grid'\?" -- \
  sweep "$TMP/field.yaml" --out "$TMP/o_field"
printf 'grid: [\n' >"$TMP/broken.yaml"
expect_error malformed_yaml "broken.yaml: line [0-9]+" -- sweep "$TMP/broken.yaml" --out "$TMP/o6"
for d in o1 o2 o3 o4 o5 o6; do
  [ -e "$TMP/$d" ] && { echo "FAIL $d: a rejected sweep created its output directory"; fails=$((fails + 1)); }
done

# `accuracy --shard` (what a sweep uses to split a point across ranks)
TINY=$SRC/configs/nets/fmnist_bnn.yaml
expect_error bad_shard "--shard: expected K/N with 0 <= K < N, got '2/2'" -- \
  accuracy --arch "$ARCH" --net "$TINY" --limit 4 --shard 2/2
expect_error study_shard "--shard: the study ADC range policy" -- \
  accuracy --arch "$ARCH" --net "$TINY" --limit 4 --shard 0/2 --set adc.range=study

# A chip too small for the network fails that point only: exit 1, a row with the error.
{ head; printf 'grid:\n  hierarchy.max_tiles: [200, 5, 300]\n'; } >"$TMP/fails.yaml"
"$PIMSCOPE" sweep "$TMP/fails.yaml" --out "$TMP/fails" --jobs 2 >"$TMP/fails.log" 2>"$TMP/fails.err"
rc=$?
rows=$(tail -n +2 "$TMP/fails/results.csv" | cut -d, -f1,3,4 | tr '\n' ' ')
if [ "$rc" -eq 1 ] && [ "$rows" = "0,200,ok 1,5,failed 2,300,ok " ] &&
   grep -q '^1,.*,failed,"pimscope: error: .*bresnete18.yaml: s4b2_conv (line 101): layer alone needs 9 tiles' "$TMP/fails/results.csv" &&
   grep -q "1 of 3 points failed" "$TMP/fails.err"; then
  echo "ok   failing_point_recorded: $rows"; passes=$((passes + 1))
else
  echo "FAIL failing_point_recorded (exit $rc): $rows"; cat "$TMP/fails.log" "$TMP/fails.err"; fails=$((fails + 1))
fi
finish
