#!/usr/bin/env bash
# Accuracy tables on Fashion-MNIST with the trained BNN (docs/accuracy.md):
#   1. first-layer input bits 1..8 x ADC bits 1..8, for the `fixed` and `study` ADC range
#      policies (the seed study's Tables I-III on our data);
#   2. device non-idealities: conductance variation sigma, stuck-at rates, read noise.
# Usage: bench/accuracy_table.sh [pimscope binary] [images (0 = all 10 000)] > table.md
# Env: THREADS (2), NET (configs/nets/fmnist_bnn.yaml), PARTS ("adc nonideal"; nonideal = "variation stuck noise"),
#      SEEDS ("1 2 3": chips averaged in the stuck-at row), ADC_BITS ("1 2 3 4 5 6 7 8": table columns),
#      RESCALE=1: re-fold the first layer's thresholds for n-bit pixels
#      (input.rescale_first_thresholds=true; docs/models.md "First-layer input").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/pimscope}
LIMIT=${2:-0}
THREADS=${THREADS:-2}
NET=${NET:-configs/nets/fmnist_bnn.yaml}
PARTS=${PARTS:-"adc nonideal"}
SEEDS=${SEEDS:-"1 2 3"}   # chips drawn for the stuck-at row
ADC_BITS=${ADC_BITS:-"1 2 3 4 5 6 7 8"}
EXTRA=()
[ "${RESCALE:-0}" = 1 ] && EXTRA=(--set input.rescale_first_thresholds=true)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run ARGS... -> "<ideal top-1> <hardware top-1>" in percent
run() {
  "$BIN" accuracy --net "$NET" --dataset fashion-mnist:test --threads "$THREADS" --limit "$LIMIT" \
    --set input.scheme=unsigned "${EXTRA[@]}" "$@" --out "$TMP" >/dev/null
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%.2f %.2f" % (100*j["golden"]["top1"], 100*j["hardware"]["top1"]))' "$TMP/accuracy.json"
}

images=$LIMIT; [ "$images" = 0 ] && images=10000
echo "Fashion-MNIST test, first $images images, $NET; top-1 (%) of the hardware (functional mode)${EXTRA[*]:+, ${EXTRA[*]}}."
echo

if [[ " $PARTS " == *" adc "* ]]; then
  for policy in fixed study; do
    echo "### ADC range policy \`$policy\` (rows: first-layer input bits n; columns: ADC bits)"
    echo
    head="| n \\ ADC bits |"; rule="|---|"
    for b in $ADC_BITS; do head="$head $b |"; rule="$rule---|"; done
    echo "$head ideal (exact ADC) |"
    echo "$rule---|"
    for n in 1 2 3 4 5 6 7 8; do
      row="| $n |"
      ideal=""
      for b in $ADC_BITS; do
        read -r g h < <(run --input-bits "$n" --adc-bits "$b" --set adc.range="$policy")
        ideal=$g
        row="$row $h |"
      done
      echo "$row $ideal |"
    done
    echo
  done
fi

has() { [[ " $PARTS " == *" $1 "* || ( $1 != adc && " $PARTS " == *" nonideal "* ) ]]; }
if has variation || has stuck || has noise; then
  echo "### Device non-idealities (8-bit unsigned input, exact 16-bit ADC, fixed range, on/off ratio 17, seed 1)"
  echo
fi
# sigma_row KEY LABEL: one table row of top-1 over sigma = 0 ... 0.5 for config key KEY.
sigma_row() {
  echo "| $2 | 0 | 0.05 | 0.1 | 0.2 | 0.3 | 0.5 |"
  echo "|---|---|---|---|---|---|---|"
  local row="| top-1 |" s
  for s in 0 0.05 0.1 0.2 0.3 0.5; do
    read -r g h < <(run --input-bits 8 --adc-bits 16 --set "$1=$s"); row="$row $h |"
  done
  echo "$row"
  echo
}
if has variation; then
  sigma_row nonideal.variation_sigma "conductance variation σ"
fi
if has stuck; then
  echo "| stuck-at rate (on = off = r/2), chips (seeds) $SEEDS | 0 | 0.001 | 0.005 | 0.01 | 0.02 | 0.05 | 0.1 |"
  echo "|---|---|---|---|---|---|---|---|"
  row="| top-1 mean (min – max) |"
  for r in 0 0.001 0.005 0.01 0.02 0.05 0.1; do
    half=$(python3 -c "print($r/2)")
    vals=()
    for seed in $SEEDS; do
      read -r g h < <(run --input-bits 8 --adc-bits 16 --set nonideal.stuck_on_rate="$half" \
                          --set nonideal.stuck_off_rate="$half" --set nonideal.seed="$seed")
      vals+=("$h")
    done
    row="$row $(python3 -c 'import sys; v=[float(x) for x in sys.argv[1:]]; print("%.2f (%.2f – %.2f)" % (sum(v)/len(v), min(v), max(v)))' "${vals[@]}") |"
  done
  echo "$row"
  echo
fi
if has noise; then
  sigma_row nonideal.read_noise_sigma "read noise σ (units of G_on)"
fi
