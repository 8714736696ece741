#!/usr/bin/env bash
# ThreadSanitizer over the paths that use threads (issue 19 item 6): `accuracy --threads`
# (images dealt to worker threads, with the calibrated and study ADC ranges that gather
# statistics on them first), `run --threads` (the golden reference on worker threads beside
# the SystemC simulation) and `sweep --jobs` (child processes, each a TSan binary too). Any
# report fails. Not in CI: the build alone takes about as long as the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$(nproc)"
bin=$PWD/build/tsan/pimscope
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# exitcode=66: a report must not pass for an input error (2) or success; second_deadlock_stack
# names both lock orders of a potential deadlock.
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
step() {
  local name=$1; shift
  echo "tsan.sh: $name"
  if ! "$@" >"$out/$name.log" 2>&1; then
    echo "tsan.sh: $name FAILED:" >&2
    head -60 "$out/$name.log" >&2
    exit 1
  fi
}
fm=(--net configs/nets/fmnist_bnn.yaml --dataset fashion-mnist:test --input-bits 8 --set input.scheme=unsigned)
step accuracy_fixed "$bin" accuracy "${fm[@]}" --limit 300 --threads 4 --out "$out/acc_fixed"
step accuracy_calibrated "$bin" accuracy "${fm[@]}" --limit 200 --threads 3 --adc-bits 4 \
  --set adc.range=calibrated --out "$out/acc_cal"
step accuracy_study_noisy "$bin" accuracy "${fm[@]}" --limit 200 --threads 2 --adc-bits 4 \
  --set adc.range=study --set nonideal.read_noise_sigma=0.05 --out "$out/acc_study"
step run_threads "$bin" run --net configs/nets/bresnete18.yaml --input-size 32 --images 4 --threads 3 \
  --out "$out/run"
step sweep_jobs "$bin" sweep configs/sweeps/smoke.yaml --jobs 2 --out "$out/sweep"
echo "tsan.sh: no ThreadSanitizer report"
