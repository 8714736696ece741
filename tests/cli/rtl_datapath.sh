#!/usr/bin/env bash
# The PE datapath is a parameter: --set pe.datapath=rtl|rtl_pins (and --cosim, its
# shorthand) binds the Verilated RTL in the platform and checks every column sum.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
NET=$SRC/configs/nets/bresnete18.yaml

if ! "$PIMSCOPE" params --arch "$ARCH" | grep -q "^pe\.datapath "; then
  echo "FAIL params_lists_pe_datapath"; fails=$((fails + 1))
fi
if "$PIMSCOPE" run --arch "$ARCH" --net "$NET" --input-size 32 --adc-bits 7 \
     --set pe.datapath=rtl --set pe.datapath_layers=s1b1_conv > "$TMP/set.txt" 2>&1; then
  check set_binds_rtl grep -q "pe.datapath = RTL (Verilated C++ in b_transport)" "$TMP/set.txt"
  check set_only_chosen_layer grep -qE "^ +s1b1_conv +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +0$" "$TMP/set.txt"
  "$PIMSCOPE" run --arch "$ARCH" --net "$NET" --input-size 32 --adc-bits 7 \
    --cosim pe.datapath=rtl@s1b1_conv > "$TMP/cosim.txt" 2>&1
  check cosim_is_the_same_parameter diff <(grep -A3 co-simulation "$TMP/set.txt") <(grep -A3 co-simulation "$TMP/cosim.txt")
  expect_error unknown_layer "no layer named 'nope'" -- \
    run --arch "$ARCH" --net "$NET" --input-size 32 --set pe.datapath=rtl --set pe.datapath_layers=nope
elif grep -q "built without Verilator" "$TMP/set.txt"; then
  echo "ok   (built without Verilator: RTL runs skipped)"; passes=$((passes + 1))
else
  cat "$TMP/set.txt"; echo "FAIL set_binds_rtl"; fails=$((fails + 1))
fi
expect_error trace_without_rtl "--trace-rtl: needs an RTL PE datapath" -- \
  run --arch "$ARCH" --net "$NET" --input-size 32 --trace-rtl "$TMP/x.vcd"
expect_error bad_target "key 'pe.datapath': expected one of behavioural.rtl.rtl_pins.rtl_broken, got 'verilog'" -- \
  run --arch "$ARCH" --net "$NET" --input-size 32 --set pe.datapath=verilog
finish
