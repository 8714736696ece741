#!/usr/bin/env bash
# `run --dataset`: real images through the SystemC chip. Its accuracy figures must equal
# what the fast functional `accuracy` command measures on the same images (the two modes
# compute the same outputs), its labels must be the dataset's, and a run without labels or
# without trained weights must say that its accuracy is none or meaningless.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
FMNIST=$SRC/configs/nets/fmnist_bnn.yaml
cat >"$TMP/tiny.yaml" <<'NET'
name: tiny_fmnist
input: {channels: 1, height: 28, width: 28}
layers:
  - {name: c1, op: conv, out_channels: 16, kernel: 3, pad: 1}
  - {name: t1, op: threshold}
  - {name: p1, op: maxpool, kernel: 4}
  - {name: fc, op: fc, out_channels: 10}
NET
pixels=(--input-bits 8 --set input.scheme=unsigned)
IMAGES=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
LABELS=/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz

if [ -e "$IMAGES" ]; then
  # A 4-bit ADC: the hardware differs from the ideal network, so the figures differ too
  # and the comparison with `accuracy` has something to compare.
  "$PIMSCOPE" run --arch "$ARCH" --net "$FMNIST" --dataset fashion-mnist:test --limit 24 "${pixels[@]}" \
    --adc-bits 4 --out "$TMP/run" --format json >"$TMP/stdout.json" 2>"$TMP/stderr.txt"
  check json_exit_code test $? -eq 0
  check json_stdout_parses python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/stdout.json"
  check json_stdout_is_summary python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(a != b)' "$TMP/stdout.json" "$TMP/run/summary.json"
  check json_text_on_stderr grep -q "accuracy          top-1" "$TMP/stderr.txt"
  "$PIMSCOPE" accuracy --arch "$ARCH" --net "$FMNIST" --dataset fashion-mnist:test --limit 24 "${pixels[@]}" \
    --adc-bits 4 --out "$TMP/acc" >/dev/null
  verdict=$(python3 - "$TMP/run/summary.json" "$TMP/acc/accuracy.json" "$LABELS" <<'PY'
import gzip, json, sys
run, acc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
labels = list(gzip.open(sys.argv[3]).read()[8:8 + 24])
a = run["accuracy"]
problems = []
if [i["label"] for i in run["golden"]["images"]] != labels: problems.append("labels differ from the IDX file")
if a["labelled_images"] != 24 or run["run"]["images"] != 24: problems.append("not 24 images")
if not (a["meaningful"] and a["trained_weights"]): problems.append("trained weights on labelled data not meaningful")
for mine, theirs in (("hardware_top1", acc["hardware"]["top1"]), ("ideal_top1", acc["golden"]["top1"]),
                     ("agreement", acc["agreement"])):
    if abs(a[mine] - theirs) > 1e-12: problems.append("%s %s vs accuracy's %s" % (mine, a[mine], theirs))
# The counts behind the fractions, from the per-image classes.
imgs = run["golden"]["images"]
if abs(a["hardware_top1"] - sum(i["class"] == i["label"] for i in imgs) / 24) > 1e-12: problems.append("top-1 vs images")
print("bad " + "; ".join(problems) if problems else "ok hardware %.4f ideal %.4f agreement %.4f"
      % (a["hardware_top1"], a["ideal_top1"], a["agreement"]))
PY
)
  if [[ $verdict == ok* ]]; then
    echo "ok   run_dataset_equals_accuracy: ${verdict#ok }"; passes=$((passes + 1))
  else
    echo "FAIL run_dataset_equals_accuracy: $verdict"; fails=$((fails + 1))
  fi

  # Generated weights on real images: figures printed, and called meaningless.
  "$PIMSCOPE" run --arch "$ARCH" --net "$TMP/tiny.yaml" --dataset fashion-mnist --limit 4 "${pixels[@]}" \
    --out "$TMP/tiny" >"$TMP/tiny.txt"
  check synthetic_weights_meaningless grep -q "accuracy .*meaningless: the weights are generated" "$TMP/tiny.txt"
  check synthetic_weights_json python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["accuracy"]
sys.exit(not (a["meaningful"] is False and a["labelled_images"] == 4 and a["hardware_top1"] is not None))' \
    "$TMP/tiny/summary.json"
  # The study range policy takes its ranges from the images run, as accuracy does.
  "$PIMSCOPE" run --arch "$ARCH" --net "$FMNIST" --dataset fashion-mnist --limit 6 "${pixels[@]}" --adc-bits 3 \
    --set adc.range=study --out "$TMP/study" >/dev/null
  "$PIMSCOPE" accuracy --arch "$ARCH" --net "$FMNIST" --dataset fashion-mnist --limit 6 "${pixels[@]}" --adc-bits 3 \
    --set adc.range=study --out "$TMP/study_acc" >/dev/null
  check study_range_like_accuracy python3 -c '
import json, sys
r, a = json.load(open(sys.argv[1]))["accuracy"], json.load(open(sys.argv[2]))
sys.exit(abs(r["hardware_top1"] - a["hardware"]["top1"]) > 1e-12 or abs(r["agreement"] - a["agreement"]) > 1e-12)' \
    "$TMP/study/summary.json" "$TMP/study_acc/accuracy.json"
else
  echo "skip fashion-mnist is not installed"
fi

# No dataset: bit-exactness (an exact ADC), and a plain statement that there is no accuracy.
"$PIMSCOPE" run --arch "$ARCH" --net "$TMP/tiny.yaml" --adc-bits 16 --out "$TMP/synth" >"$TMP/synth.txt"
check no_dataset_no_accuracy grep -q "accuracy          none: synthetic weights" "$TMP/synth.txt"
check no_dataset_bit_exact grep -q "golden reference  1/1 outputs bit-exact" "$TMP/synth.txt"
check no_dataset_json python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["accuracy"]
sys.exit(not (a["dataset"] is None and a["hardware_top1"] is None and a["meaningful"] is False))' "$TMP/synth/summary.json"
"$PIMSCOPE" run --arch "$ARCH" --net "$FMNIST" "${pixels[@]}" >"$TMP/trained.txt"
check trained_without_dataset grep -q "accuracy          none: synthetic images have no labels" "$TMP/trained.txt"

expect_error limit_needs_dataset "--limit requires --dataset" -- run --arch "$ARCH" --net "$TMP/tiny.yaml" --limit 3
expect_error images_or_dataset "--images excludes --dataset|--dataset excludes --images" -- \
  run --arch "$ARCH" --net "$TMP/tiny.yaml" --images 2 --dataset fashion-mnist
expect_error run_unknown_dataset "dataset 'cifar': unknown dataset" -- \
  run --arch "$ARCH" --net "$TMP/tiny.yaml" --dataset cifar
expect_error bad_format "--format" -- run --arch "$ARCH" --net "$TMP/tiny.yaml" --format xml
finish
