#!/usr/bin/env bash
# `pimscope import` of a float ResNetE-style model prints, per layer, the weights (binary or
# 8-bit), the fixed-point format and the worst-case deviation; the formats are options;
# `run` computes the multi-bit layers in digital units, bit-exact.
source "$(dirname "$0")/lib.sh"
MODEL=$SRC/configs/nets/resnete_fmnist/model.onnx
ARCH=$SRC/configs/arch/rram22_xnor.yaml

out=$("$PIMSCOPE" import "$MODEL" --out "$TMP/imported" 2>&1); rc=$?
check() {   # check NAME PATTERN: $out matches PATTERN
  if grep -qE -- "$2" <<<"$out"; then echo "ok   $1"; passes=$((passes + 1));
  else echo "FAIL $1: /$2/ not in: $out"; fails=$((fails + 1)); fi
}
[ "$rc" -eq 0 ] || { echo "FAIL import exit $rc: $out"; fails=$((fails + 1)); }
check stem_is_8_bit '^stem_Conv +conv +32x14x14 +8-bit +- +- +[0-9.e-]+$'
check binary_block '^Conv +conv +32x14x14 +binary +576 x 32 +- +exact$'
check stream_format '^Add +add +32x14x14 +- +Q7\.8 \(16 b\) +exact$'
check requantiser_bound '^Conv_fxp +batchnorm +32x14x14 +- +Q7\.8 \(16 b\) +0\.00195$'

# The written YAML carries the widths and reloads: map floorplans its binary layers.
grep -q "op: add, in: \[stem_Conv_fxp, Conv_fxp\], bits: 16" "$TMP/imported/model.yaml" \
  && { echo "ok   yaml_bits"; passes=$((passes + 1)); } \
  || { echo "FAIL yaml_bits: $(grep 'op: add' "$TMP/imported/model.yaml")"; fails=$((fails + 1)); }

# ... and computes what the ONNX import computes (same ideal top-1 on 300 test images).
if [ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ]; then
  for net in "$MODEL" "$TMP/imported/model.yaml"; do
    "$PIMSCOPE" accuracy --arch "$ARCH" --net "$net" --dataset fashion-mnist:test --limit 300 --input-bits 8 \
      --set input.scheme=unsigned --out "$TMP/acc_$(basename "$net")" >/dev/null 2>&1
  done
  a=$(grep -o '"top1": [0-9.]*' "$TMP/acc_model.onnx/accuracy.json" | head -1)
  b=$(grep -o '"top1": [0-9.]*' "$TMP/acc_model.yaml/accuracy.json" | head -1)
  if [ -n "$a" ] && [ "$a" = "$b" ]; then echo "ok   yaml_reloads ($a)"; passes=$((passes + 1));
  else echo "FAIL yaml_reloads: onnx '$a', yaml '$b'"; fails=$((fails + 1)); fi
fi

out=$("$PIMSCOPE" import "$MODEL" --weight-bits 4 --residual-bits 12 --fraction-bits 6 2>&1)
check option_weight_bits '^stem_Conv +conv +32x14x14 +4-bit '
check option_format '^Add +add +32x14x14 +- +Q5\.6 \(12 b\) +exact$'

expect_error bad_weight_bits "model.onnx: weight bits: must be 2..8, got 9" -- import "$MODEL" --weight-bits 9
expect_error bad_format "model.onnx: residual format: needs 2..31 bits and 0..bits-1 fraction bits" -- \
  import "$MODEL" --residual-bits 8 --fraction-bits 8
# The chip runs the multi-bit layers in its digital units: bit-exact against the golden
# reference with an exact ADC (7 bits: 64-synapse column slices), their MACs charged per layer.
out=$("$PIMSCOPE" run --arch "$ARCH" --net "$MODEL" --set input.bits=8 --set input.scheme=unsigned \
  --adc-bits 7 --images 3 --threads 1 --out "$TMP/run" 2>&1)
check run_bit_exact 'golden reference +3/3 outputs bit-exact'
out=$(cat "$TMP/run/layers.csv" 2>&1)
check stem_charged '^1,stem_Conv,conv,0,0,0,0,0,0,[0-9.e+-]*[1-9][0-9.e+-]*,[^,]*,[^,]*,[0-9.]*[1-9][0-9.]*e-[0-9]+,'
if [ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ]; then
  out=$("$PIMSCOPE" run --arch "$ARCH" --net "$MODEL" --set input.bits=8 --set input.scheme=unsigned \
    --adc-bits 7 --dataset fashion-mnist:test --limit 20 --threads 1 --out "$TMP/run_ds" 2>&1)
  check run_dataset_bit_exact 'golden reference +20/20 outputs bit-exact'
fi
finish
