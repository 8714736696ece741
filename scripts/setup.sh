#!/usr/bin/env bash
# Installs every Debian package pimscope needs to build, test and run. Idempotent:
# packages already present are left alone, and apt is only asked when one is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libboost-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev
  libopenmpi-dev openmpi-bin libboost-mpi-dev
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  dataset-fashion-mnist time
  chromium   # renders report.html in its test (tests/inspect/report_html_test.cpp)
  gtkwave    # the waveform viewer; its vcd2fst checks our VCD (tests/inspect/vcd_test.cpp)
  verilator
  clang-14 libclang-rt-14-dev llvm-14   # the libFuzzer targets (scripts/fuzz.sh; llvm-14: its symbolizer)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
