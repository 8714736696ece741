# `pimscope sweep --jobs 2`, killed (process group, SIGKILL) once its first point has
# landed, then --resume: the final results.csv equals an uninterrupted run's, byte for byte
# (wall-clock seconds live in timing.csv, not in results.csv).
source "$(dirname "$0")/lib.sh"
SWEEP=$SRC/configs/sweeps/smoke.yaml

"$PIMSCOPE" sweep "$SWEEP" --out "$TMP/full" --jobs 2 >"$TMP/full.log" 2>&1
rc=$?
points=$(($(wc -l <"$TMP/full/results.csv") - 1))
if [ "$rc" -eq 0 ] && [ "$points" -eq 6 ] && ! grep -q ",failed," "$TMP/full/results.csv"; then
  echo "ok   uninterrupted: $points points"; passes=$((passes + 1))
else
  echo "FAIL uninterrupted: exit $rc, $points rows"; cat "$TMP/full.log"; fails=$((fails + 1))
fi

# Job control puts the sweep in its own process group: the kill takes its children too.
set -m
"$PIMSCOPE" sweep "$SWEEP" --out "$TMP/cut" --jobs 2 >"$TMP/cut.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 600); do
  ls "$TMP/cut/points" 2>/dev/null | grep -q '^[0-9]' && break
  sleep 0.05
done
kill -KILL -- "-$pid"
wait "$pid" 2>/dev/null
landed=$(ls "$TMP/cut/points" | grep -c '^[0-9]')
partial=$(ls -a "$TMP/cut/points" | grep -c 'partial$')
if [ ! -e "$TMP/cut/results.csv" ] && [ "$landed" -ge 1 ]; then
  echo "ok   killed: $landed point(s) landed, $partial partial, no results.csv"; passes=$((passes + 1))
else
  echo "FAIL killed: landed $landed, results.csv $(ls "$TMP/cut")"; fails=$((fails + 1))
fi

# Without --resume the directory is refused.
expect_error taken_without_resume "cut: --out: already holds a sweep" -- sweep "$SWEEP" --out "$TMP/cut"

"$PIMSCOPE" sweep "$SWEEP" --out "$TMP/cut" --jobs 2 --resume >"$TMP/resume.log" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q "^resuming: $landed of 6 points already done" "$TMP/resume.log" &&
   cmp -s "$TMP/full/results.csv" "$TMP/cut/results.csv" &&
   [ -z "$(ls -a "$TMP/cut/points" | grep partial)" ]; then
  echo "ok   resumed equals uninterrupted"; passes=$((passes + 1))
else
  echo "FAIL resumed (exit $rc):"; cat "$TMP/resume.log"; diff "$TMP/full/results.csv" "$TMP/cut/results.csv" | head -5
  fails=$((fails + 1))
fi
finish
