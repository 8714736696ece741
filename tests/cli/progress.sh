#!/usr/bin/env bash
# The progress bars (run, accuracy): drawn on stderr when stderr is a terminal (here a
# pseudo-terminal from script(1)), absent when stderr is a file or a pipe.
source "$(dirname "$0")/lib.sh"

if command -v script > /dev/null; then
  # Four full-size images: long enough for the bar's first redraw (every 0.2 s).
  script -qec "'$PIMSCOPE' run --arch '$SRC/configs/arch/rram22_xnor.yaml' --net '$SRC/configs/nets/bresnete18.yaml' --images 4 > /dev/null" \
    /dev/null > "$TMP/tty.txt"
  check tty_exit_code test $? -eq 0
  check tty_bar_with_eta grep -q "simulating \[.*ETA" "$TMP/tty.txt"
  script -qec "'$PIMSCOPE' accuracy --arch '$SRC/configs/arch/rram22_xnor.yaml' --net '$SRC/configs/nets/fmnist_bnn.yaml' --dataset fashion-mnist:test --limit 2000 --input-bits 8 --set input.scheme=unsigned > /dev/null" \
    /dev/null > "$TMP/tty_accuracy.txt"
  check accuracy_tty_exit_code test $? -eq 0
  check accuracy_bar_with_eta grep -q "evaluating \[.*ETA" "$TMP/tty_accuracy.txt"
else
  echo "skip tty_bar: script(1) is not installed"
fi

"$PIMSCOPE" run --arch "$SRC/configs/arch/rram22_xnor.yaml" --net "$SRC/configs/nets/bresnete18.yaml" \
  --input-size 32 > /dev/null 2> "$TMP/err.txt"
check quiet_exit_code test $? -eq 0
check quiet_when_not_a_terminal test ! -s "$TMP/err.txt"
finish
