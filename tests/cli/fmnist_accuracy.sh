# The trained Fashion-MNIST BNN through `pimscope accuracy`: on all 10 000 test images the
# ideal network's top-1 equals the integer model's PyTorch accuracy recorded at export
# (configs/nets/fmnist_bnn/accuracy.json), and with an exact ADC the hardware agrees.
source "$(dirname "$0")/lib.sh"
if [ -e /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ]; then
  "$PIMSCOPE" accuracy --arch "$SRC/configs/arch/rram22_xnor.yaml" --net "$SRC/configs/nets/fmnist_bnn.yaml" \
    --dataset fashion-mnist:test --threads 2 --adc-bits 16 --input-bits 8 --set input.scheme=unsigned \
    --out "$TMP/acc" >"$TMP/log" 2>&1
  verdict=$(python3 - "$TMP/acc/accuracy.json" "$SRC/configs/nets/fmnist_bnn/accuracy.json" <<'PY'
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
n, ref = got["dataset"]["images"], want["integer_model_top1"]
ok = n == want["test_images"] and abs(got["golden"]["top1"] - ref) < 0.5 / n \
     and got["hardware"]["top1"] == got["golden"]["top1"] and got["agreement"] == 1.0
print(("ok" if ok else "bad") + " pimscope ideal %.4f hardware %.4f, PyTorch %.4f on %d images"
      % (got["golden"]["top1"], got["hardware"]["top1"], ref, n))
PY
)
  if [[ $verdict == ok* ]]; then
    echo "ok   ideal_top1_equals_pytorch: ${verdict#ok }"; passes=$((passes + 1))
  else
    echo "FAIL ideal_top1_equals_pytorch: $verdict"; cat "$TMP/log"; fails=$((fails + 1))
  fi
else
  echo "skip fashion-mnist is not installed"
fi
finish
