#!/usr/bin/env bash
# `pimscope params`: every declared parameter with its value, unit and description; a key
# no block declares is refused with a suggestion.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

"$PIMSCOPE" params --arch "$ARCH" > "$TMP/params.txt"
check params_exit_code test $? -eq 0
check params_adc_bits grep -qE "^adc\.bits +5 +bit +resolution" "$TMP/params.txt"
# Circuit constants are listed though the arch file does not name them.
check params_constants grep -qE "^adc\.energy_per_conversion_j +7\.54e-14 +J" "$TMP/params.txt"
check params_modes grep -qE "^pipeline\.mode .*\[pipelined\|layer\]" "$TMP/params.txt"
"$PIMSCOPE" params --arch "$ARCH" --set adc.bits=7 --set adc.energy_per_conversion_j=1e-13 > "$TMP/set.txt"
check params_set_shows_value grep -qE "^adc\.bits +7 .*\(default 5\)" "$TMP/set.txt"
check params_set_undeclared_in_file grep -qE "^adc\.energy_per_conversion_j +1e-13" "$TMP/set.txt"
expect_error params_unknown "--set key 'adc.bitz': unknown key \(no block declares it\); did you mean 'adc.bits'\?" -- \
  params --arch "$ARCH" --set adc.bitz=4
expect_error params_range "--set key 'adc.bits': must be between 1 and 16" -- \
  params --arch "$ARCH" --set adc.bits=40
finish
