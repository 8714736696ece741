#!/usr/bin/env bash
# run --study / --study-quirks: the study's conventions beside the true figures, the
# summary.json study block, components.csv and the named bottleneck.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml

"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --adc-bits 3 --study --study-quirks --out "$TMP/q" > "$TMP/q.txt"
check quirks_exit_code test $? -eq 0
check quirks_study_block grep -q '"study"' "$TMP/q/summary.json"
check quirks_true_block grep -q '"true"' "$TMP/q/summary.json"
check quirks_components_csv test "$(wc -l < "$TMP/q/components.csv")" -gt 100
# the study's ops convention for bresnete18: 5.492 G (input map, stride ignored)
check quirks_ops grep -q "5.492.* G (input-map convention" "$TMP/q.txt"
check quirks_bottleneck grep -q "slowest crossbar layer 'conv1'; latency: buffer" "$TMP/q.txt"

"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bresnete18.yaml" --input-size 32 \
  --adc-bits 3 --input-bits 4 --study --out "$TMP/c" > "$TMP/c.txt"
check corrected_exit_code test $? -eq 0
check corrected_label grep -q "corrected windows and input planes" "$TMP/c.txt"
check corrected_quirks_false grep -q '"quirks": false' "$TMP/c/summary.json"

# The issue's command at full size: the YAML network (not the study's CSV table) in study
# mode lands within +-10 % of the published headline figures (bdensenet28 at 8 b is the
# tightest of the 18 points; tests/calibration checks all 18 on the formulas).
"$PIMSCOPE" run --arch "$ARCH" --net "$SRC/configs/nets/bdensenet28.yaml" --adc-bits 8 \
  --study --study-quirks --out "$TMP/d8" > /dev/null
verdict=$(python3 - "$TMP/d8/summary.json" "$SRC/../shared/reference/seed_paper_hardware.csv" <<'PY'
import csv, json, sys
s = json.load(open(sys.argv[1]))["study"]
ref = next(r for r in csv.DictReader(open(sys.argv[2])) if r["model"] == "bdensenet28" and r["adc_bits"] == "8")
got = {"chip_area_mm2": s["chip_area_m2"] * 1e6, "clock_period_ns": s["clock_period_s"] * 1e9,
       "latency_per_image_ms": s["latency_per_image_s"] * 1e3, "dynamic_energy_uj": s["dynamic_energy_j"] * 1e6,
       "leakage_energy_uj": s["leakage_energy_j"] * 1e6, "tops_per_w": s["tops_per_w"], "tops": s["tops"],
       "fps": s["fps"], "tops_per_cm2": s["tops_per_cm2"]}
bad = ["%s %.3f" % (k, v / float(ref[k])) for k, v in got.items() if abs(v / float(ref[k]) - 1) > 0.10]
print("bad " + ", ".join(bad) if bad else "ok")
PY
)
check yaml_net_study_point_within_10pct test "$verdict" = ok

finish
