# `mpirun -np 2 pimscope sweep` gathers one results.csv equal to the single-process one,
# byte for byte, with accuracy points split into dataset shards where the ADC policy allows.
source "$(dirname "$0")/lib.sh"
SWEEP=$SRC/configs/sweeps/smoke.yaml
if ! command -v mpirun >/dev/null; then
  echo "skip mpirun is not installed (scripts/setup.sh installs openmpi-bin)"; finish; exit
fi
"$PIMSCOPE" sweep "$SWEEP" --out "$TMP/one" >"$TMP/one.log" 2>&1 || { cat "$TMP/one.log"; exit 1; }
# OpenMPI unloads its components at exit, so LeakSanitizer can neither attribute nor
# suppress what they keep: no leak check for the ranks (AddressSanitizer itself stays on).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
mpirun --allow-run-as-root --oversubscribe -np 2 "$PIMSCOPE" sweep "$SWEEP" --out "$TMP/mpi" >"$TMP/mpi.log" 2>&1
rc=$?
if grep -q "built without MPI" "$TMP/mpi.log"; then
  echo "skip this pimscope was built without MPI (PIMSCOPE_MPI=OFF)"; finish; exit
fi
# Both ranks ran points (worker 0 and 1), and the fixed-range accuracy point (4) was split
# into one dataset shard per rank (worker -1) whose merge equals the unsplit evaluation.
if [ "$rc" -eq 0 ] && cmp -s "$TMP/one/results.csv" "$TMP/mpi/results.csv" &&
   [ "$(cut -d, -f4 "$TMP/mpi/timing.csv" | sort -u | tr '\n' ' ')" = "-1 0 1 worker " ] &&
   [ -e "$TMP/mpi/points/0004/accuracy.shard1/accuracy.json" ] && [ ! -e "$TMP/mpi/points/0005/accuracy.shard0" ]; then
  echo "ok   two ranks (points on both, accuracy point 4 in two shards) equal one process"; passes=$((passes + 1))
else
  echo "FAIL mpirun -np 2 (exit $rc):"; cat "$TMP/mpi.log"; diff "$TMP/one/results.csv" "$TMP/mpi/results.csv" | head -5
  fails=$((fails + 1))
fi
finish
