#!/usr/bin/env bash
# A mistyped subcommand, option or parameter key is one line naming it and, when a real
# name is close, the nearest one ("did you mean"); a name nothing resembles gets no guess.
source "$(dirname "$0")/lib.sh"
ARCH=$SRC/configs/arch/rram22_xnor.yaml
NET=$SRC/configs/nets/bresnete18.yaml

expect_error option_typo "run: unknown option '--imags'; did you mean '--images'\?" -- \
  run --arch "$ARCH" --net "$NET" --imags 3
expect_error option_typo_with_value "run: unknown option '--sedd'; did you mean '--seed'\?" -- \
  run --arch "$ARCH" --net "$NET" --sedd=4
expect_error accuracy_option_typo "accuracy: unknown option '--datset'; did you mean '--dataset'\?" -- \
  accuracy --arch "$ARCH" --net "$NET" --datset fashion-mnist
expect_error sweep_option_typo "sweep: unknown option '--job'; did you mean '--jobs'\?" -- \
  sweep "$SRC/configs/sweeps/smoke.yaml" --out "$TMP/o" --job 2
expect_error command_typo "unknown command 'rnu'; did you mean 'run'\?" -- rnu --arch "$ARCH"
expect_error no_close_option "run: unknown option '--frobnicate'( \(|$)" -- run --arch "$ARCH" --net "$NET" --frobnicate
check no_guess_for_unrelated_option bash -c \
  "! '$PIMSCOPE' run --arch '$ARCH' --net '$NET' --frobnicate 2>&1 | grep -q 'did you mean'"
expect_error set_key_typo "--set key 'adc.bitz': unknown key \(no block declares it\); did you mean 'adc.bits'\?" -- \
  run --arch "$ARCH" --net "$NET" --set adc.bitz=3
# A typo in the arch file itself names the file and its line.
sed 's/^\(\s*\)bits:/\1bist:/' "$ARCH" >"$TMP/arch.yaml"
if ! grep -q "bist:" "$TMP/arch.yaml"; then echo "FAIL arch_key_typo: the arch file has no 'bits:' key to mistype"; fails=$((fails + 1)); fi
expect_error arch_key_typo "arch.yaml: line [0-9]+.*'adc.bist'.*unknown key.*did you mean 'adc.bits'\?" -- \
  run --arch "$TMP/arch.yaml" --net "$NET"
finish
