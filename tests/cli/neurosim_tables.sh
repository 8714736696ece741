#!/usr/bin/env bash
# The study's NeuroSim layer tables run through the chip: the graph inferred from each
# table (docs/networks.md) computes what the golden reference computes, bit for bit with
# an exact ADC, on the floorplan `map` prints for the table.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
for net in balexnet bresnete18 bdensenet28; do
  table=$SRC/configs/nets/study/$net.neurosim.csv
  "$PIMSCOPE" run --arch "$ARCH" --net "$table" --adc-bits 16 --out "$TMP/$net" >"$TMP/$net.txt" 2>&1
  check "${net}_runs" test $? -eq 0
  check "${net}_bit_exact" grep -q "golden reference  1/1 outputs bit-exact" "$TMP/$net.txt"
  map_tiles=$("$PIMSCOPE" map --arch "$ARCH" --net "$table" | sed -n 's/^total: .*, \([0-9]*\) tiles.*/\1/p')
  run_tiles=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chip"]["tiles"])' "$TMP/$net/summary.json")
  check "${net}_floorplan_as_map ($run_tiles tiles, map: $map_tiles)" test -n "$map_tiles" -a "$run_tiles" = "$map_tiles"
done
finish
