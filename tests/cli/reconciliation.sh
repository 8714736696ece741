#!/usr/bin/env bash
# True against study figures (issue 14): the named effects in summary.json add up to the
# difference between the true figures the run reports (timing, energy) and the study
# configuration's (study block), within 1 %, on bresnete18 at 32x32 and 224x224; each
# step moves the way its physics says.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
NET=$SRC/configs/nets/bresnete18.yaml

verdict() {  # verdict SUMMARY.JSON EXTRA-PYTHON-CHECKS: prints "ok" or what is wrong
python3 - "$1" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
rec, study = j["reconciliation"], j["study"]
effects = {e["name"]: e for e in rec["effects"]}
bad = []
true_latency = j["timing"]["first_image_latency_s"]
true_energy = j["energy"]["per_image_j"]
study_latency = study["latency_per_image_s"]
study_energy = study["dynamic_energy_j"] + study["leakage_energy_j"]
for what, true, base, key in (("latency", true_latency, study_latency, "latency_s"),
                              ("energy", true_energy, study_energy, "energy_j")):
    diff = true - base
    total = sum(e[key] for e in rec["effects"])
    if abs(total - diff) > 0.01 * abs(diff):
        bad.append("%s: effects add to %.6g, true - study is %.6g" % (what, total, diff))
# The true energy is the blocks' actions plus leakage; the parts cover every action.
e = j["energy"]
if abs(sum(e["dynamic_parts_j"].values()) - e["dynamic_per_image_j"]) > 1e-6 * e["dynamic_per_image_j"]:
    bad.append("dynamic parts do not add up to the dynamic energy")
if "unattributed" in e["dynamic_parts_j"]:
    bad.append("an energy statistic has no chip component")
# Overlapping the phases cannot make a layer slower; an image passes every stage.
if effects["overlapped phases"]["latency_s"] > 0: bad.append("overlapped phases made the study slower")
for name in ("pipeline fill and drain", "critical stage", "layers in turn"):
    if name in effects and effects[name]["latency_s"] < 0: bad.append("negative " + name)
exec(sys.argv[2])
print("; ".join(bad) if bad else "ok")
PY
}

"$PIMSCOPE" run --arch "$ARCH" --net "$NET" --input-size 32 --out "$TMP/s32" > "$TMP/s32.txt"
check run_32 test $? -eq 0
check sums_32 test "$(verdict "$TMP/s32/summary.json" "")" = ok
check stdout_names_effects grep -q "true - study .* by effect" "$TMP/s32.txt"
check stdout_labels_true grep -q "true figures" "$TMP/s32.txt"

"$PIMSCOPE" run --arch "$ARCH" --net "$NET" --out "$TMP/s224" > /dev/null
check run_224 test $? -eq 0
check sums_224 test "$(verdict "$TMP/s224/summary.json" "")" = ok

# Layer by layer: both sides add their layers up.
"$PIMSCOPE" run --arch "$ARCH" --net "$NET" --input-size 32 --mode layer --out "$TMP/l32" > /dev/null
check run_layer_mode test $? -eq 0
v=$(verdict "$TMP/l32/summary.json" '
if "layers in turn" not in effects or "critical stage" in effects: bad.append("layer-mode effects not named as such")
# One image through a chip whose stages take turns: its time per image is its latency.
t = j["timing"]
if abs(t["time_per_image_s"] - t["first_image_latency_s"]) > 1e-12: bad.append("layer mode: time per image is not the latency")')
check sums_layer_mode test "$v" = ok
[ "$v" = ok ] || echo "  $v"

# The study's own layer table and 1-bit inputs, on 8-bit images: real windows with padding
# are more than the study's valid windows, and 8 input planes cost energy and time.
"$PIMSCOPE" run --arch "$ARCH" --net "$NET" --input-bits 8 --study-quirks --out "$TMP/q" > /dev/null
check run_quirks test $? -eq 0
v=$(verdict "$TMP/q/summary.json" '
if effects["network shapes"]["energy_j"] <= 0: bad.append("padding windows did not add energy")
p = effects["first-layer input planes"]
if p["energy_j"] <= 0 or p["latency_s"] <= 0: bad.append("8 input planes cost nothing")')
check sums_and_steps_quirks test "$v" = ok
[ "$v" = ok ] || echo "  $v"

finish
