#!/usr/bin/env bash
# `pimscope report`: heatmaps of a sweep or accuracy table, one per value column.
source "$(dirname "$0")/lib.sh"

printf 'adc_bits,input_bits,top1,energy_j\n3,1,0.81,1.2e-6\n4,1,0.85,1.4e-6\n3,4,0.83,2e-6\n4,4,0.88,2.2e-6\n' > "$TMP/t.csv"
"$PIMSCOPE" report --table "$TMP/t.csv" --rows adc_bits --cols input_bits --value top1 --value energy_j \
  --out "$TMP/t.html" > /dev/null
check exit_code test $? -eq 0
check two_heatmaps test "$(grep -c '<svg' "$TMP/t.html")" -eq 2
# Human units with 4 significant digits: top1 is a fraction (%), energy_j in µJ.
check cell_values grep -q '>88.00 %</text>' "$TMP/t.html"
check cell_units grep -q '>2.200 µJ</text>' "$TMP/t.html"
check no_exponents test "$(grep -c 'e-0' "$TMP/t.html")" -eq 0
check baseline_stated grep -q 'colour: baseline 0 (white) to 2.200 µJ (darkest)' "$TMP/t.html"
check no_partial_file test ! -e "$TMP/t.html.partial"
expect_error unknown_column "--value: no column named 'top5'" -- \
  report --table "$TMP/t.csv" --rows adc_bits --cols input_bits --value top5 --out "$TMP/u.html"
finish
