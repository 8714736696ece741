#!/usr/bin/env bash
# Sweep `run` points with a dataset (run --dataset D --limit N): each point streams the
# dataset's first N labelled images through the chip, and results.csv carries the run's
# accuracy figures beside its cost.
source "$(dirname "$0")/lib.sh"
cat >"$TMP/s.yaml" <<YAML
name: run_dataset
command: run
base:
  arch: $SRC/configs/arch/rram22_xnor.yaml
  net: $SRC/configs/nets/fmnist_bnn.yaml
  dataset: "fashion-mnist:test"
  input-bits: 8
  input.scheme: unsigned
grid:
  limit: [2, 3]
YAML
"$PIMSCOPE" sweep "$TMP/s.yaml" --list --out "$TMP/o" >"$TMP/list.txt" 2>&1
check list_passes_the_dataset grep -q -- "^0001 pimscope run .*--dataset fashion-mnist:test .*--limit 3 " "$TMP/list.txt"
"$PIMSCOPE" sweep "$TMP/s.yaml" --out "$TMP/o" >"$TMP/log" 2>&1
check exit_code test $? -eq 0
# Column values by name from results.csv (no quoted fields in these columns).
column() {
  awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }' "$TMP/o/results.csv" | paste -sd' '
}
check images_per_point test "$(column run.run.images)" = "2 3"
check labelled_images test "$(column run.accuracy.labelled_images)" = "2 3"
check dataset_recorded test "$(column run.run.dataset)" = "fashion-mnist:test fashion-mnist:test"
check accuracy_is_meaningful test "$(column run.accuracy.meaningful)" = "true true"
printf 'command: run\nbase: {arch: %s, net: %s}\ngrid: {limit: [2]}\n' \
  "$SRC/configs/arch/rram22_xnor.yaml" "$SRC/configs/nets/fmnist_bnn.yaml" >"$TMP/bad.yaml"
expect_error limit_without_dataset "bad.yaml: line 3, key 'limit': .pimscope run --limit. needs a dataset" -- \
  sweep "$TMP/bad.yaml" --out "$TMP/bad"
finish
