# `pimscope accuracy`: a small generated network on the first Fashion-MNIST test images;
# the result must not depend on the thread count; bad datasets are one-line errors.
source "$(dirname "$0")/lib.sh"
cat >"$TMP/tiny.yaml" <<'NET'
name: tiny_fmnist
input: {channels: 1, height: 28, width: 28}
layers:
  - {name: c1, op: conv, out_channels: 16, kernel: 3, pad: 1}
  - {name: t1, op: threshold}
  - {name: p1, op: maxpool, kernel: 4}
  - {name: fc, op: fc, out_channels: 10}
NET

if [ -e /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ]; then
  args=(accuracy --arch "$SRC/configs/arch/rram22_xnor.yaml" --net "$TMP/tiny.yaml" --dataset fashion-mnist:test
        --limit 40 --adc-bits 3 --input-bits 4 --set input.scheme=unsigned --set adc.range=study)
  one=$("$PIMSCOPE" "${args[@]}" --threads 1 --out "$TMP/o1" | grep -E "top-1|agreement")
  two=$("$PIMSCOPE" "${args[@]}" --threads 2 --out "$TMP/o2" | grep -E "top-1|agreement")
  if [ -n "$one" ] && [ "$one" = "$two" ] && grep -q '"top5"' "$TMP/o2/accuracy.json"; then
    echo "ok   threads_do_not_change_results"; passes=$((passes + 1))
  else
    echo "FAIL threads_do_not_change_results: '$one' vs '$two'"; fails=$((fails + 1))
  fi
  # Non-ideal cells: the read noise is keyed by the image, not by the thread that reads it.
  ni=(--set nonideal.variation_sigma=0.1 --set nonideal.read_noise_sigma=0.3 --set nonideal.stuck_on_rate=0.01)
  one=$("$PIMSCOPE" "${args[@]}" "${ni[@]}" --threads 1 | grep -E "top-1|agreement")
  two=$("$PIMSCOPE" "${args[@]}" "${ni[@]}" --threads 2 | grep -E "top-1|agreement")
  if [ -n "$one" ] && [ "$one" = "$two" ]; then
    echo "ok   nonideal_threads_do_not_change_results"; passes=$((passes + 1))
  else
    echo "FAIL nonideal_threads_do_not_change_results: '$one' vs '$two'"; fails=$((fails + 1))
  fi
else
  echo "skip fashion-mnist is not installed"
fi

expect_error unknown_dataset "dataset 'cifar': unknown dataset" -- \
  accuracy --net "$TMP/tiny.yaml" --dataset cifar --arch "$SRC/configs/arch/rram22_xnor.yaml"
printf 'junk' >"$TMP/img.gz"
expect_error bad_idx "img.gz: header: wrong magic 0x6a756e6b" -- \
  accuracy --net "$TMP/tiny.yaml" --dataset "idx:$TMP/img.gz,$TMP/img.gz" --arch "$SRC/configs/arch/rram22_xnor.yaml"
# A header that claims far more images than the file holds fails at the file's end, within
# a memory limit far below what the claim would take (4 M images of 28x28: 3 GB).
python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('>IIII',0x803,4000000,28,28)+bytes(50000))" "$TMP/claims.idx"
python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('>II',0x801,4000000)+bytes(100))" "$TMP/claims_labels.idx"
# (AddressSanitizer reserves terabytes of shadow memory up front: no limit under it.)
limit=1500000
under_asan && limit=unlimited
err=$( (ulimit -v "$limit"; "$PIMSCOPE" accuracy --net "$TMP/tiny.yaml" --dataset "idx:$TMP/claims.idx,$TMP/claims_labels.idx" \
        --arch "$SRC/configs/arch/rram22_xnor.yaml") 2>&1 >/dev/null); rc=$?
if [ "$rc" -eq 2 ] && grep -q "claims.idx: pixels of 4000000 images of 28x28: truncated file" <<<"$err"; then
  echo "ok   idx_header_claims_more_than_the_file"; passes=$((passes + 1))
else
  echo "FAIL idx_header_claims_more_than_the_file: exit $rc, '$err'"; fails=$((fails + 1))
fi
python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('>IIII',0x803,0xffffffff,28,28))" "$TMP/huge.idx"
expect_error idx_over_the_limit "huge.idx: header: 4294967295 images of 28x28 are more than 4 GiB" -- \
  accuracy --net "$TMP/tiny.yaml" --dataset "idx:$TMP/huge.idx,$TMP/claims_labels.idx" --arch "$SRC/configs/arch/rram22_xnor.yaml"
expect_error bad_range "adc.range" -- \
  accuracy --net "$TMP/tiny.yaml" --set adc.range=minmax --arch "$SRC/configs/arch/rram22_xnor.yaml"
finish
