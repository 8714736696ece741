#!/usr/bin/env bash
# The platform budget (issue 18): one 224x224 image per network, functional + timed,
# pipelined, release build, one core (taskset -c 0): wall time, peak memory and the split
# of the run from summary.json's host block (prepare = loading, weights, mapping and
# programming; elaborate; simulate = sc_start; golden = the golden reference's CPU time;
# teardown; outputs = writing the files, from the run's "wrote" line); then --images 64
# on both cores, and the fast functional mode.
#
#   bench/platform_bench.sh [BASELINE_BINARY]
#
# With a baseline binary (e.g. the previous main's build, copied aside) every measurement
# is interleaved with the same one of the baseline, so that both meet the same load on a
# shared machine. RUNS (default 3) runs per network and binary; NETS (default: bresnete18
# balexnet bdensenet28); STREAM_IMAGES (default 64; 0 skips the stream); FMNIST (default
# 1; 0 skips `accuracy` over the 10 000 Fashion-MNIST test images on two threads); EXTRA:
# more `pimscope run` options. Ends with medians per binary and network, the simulated
# time over the wall time, and the wall time against the study's simulator (DNN+NeuroSim
# V1.3 on this machine kind, issue 18: 40-48 s of CPU for bresnete18, 95-105 s for
# balexnet and bdensenet28).
set -euo pipefail
cd "$(dirname "$0")/.."
new=build/release/pimscope
base=${1:-}
runs=${RUNS:-3}
nets=${NETS:-"bresnete18 balexnet bdensenet28"}
stream=${STREAM_IMAGES:-64}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

bins=("$new")
[ -n "$base" ] && bins=("$base" "$new")

# One run: prints "label net wall_s rss_mib prepare elaborate simulate golden teardown
# outputs simulated_s" (a field the binary does not report is "-").
measure() {
    local label=$1 bin=$2 net=$3 pin=$4
    shift 4
    local dir="$out/$label-$net"
    rm -rf "$dir"
    local cmd=("$bin" run --arch configs/arch/rram22_xnor.yaml --net "configs/nets/$net.yaml" --out "$dir" "$@")
    [ "$pin" = 1 ] && cmd=(taskset -c 0 "${cmd[@]}")
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$out/time" "${cmd[@]}" ${EXTRA:-} >"$out/stdout" 2>&1
    python3 - "$label" "$net" "$out/time" "$dir/summary.json" "$out/stdout" <<'EOF' | tee -a "$out/results"
import json, re, sys
label, net, time_file, summary, stdout = sys.argv[1:]
wall, rss = open(time_file).read().split()[-2:]
j = json.load(open(summary))
h = j["host"]
m = re.search(r"report\.html in ([0-9.]+) s", open(stdout).read())
f = lambda k: "%.3f" % h[k] if k in h else "-"
print(label, net, wall, "%.0f" % (int(rss) / 1024), f("prepare_s"), f("elaborate_s"), f("simulate_s"),
      f("golden_reference_s"), f("teardown_s"), m.group(1) if m else "-",
      "%.3e" % j["timing"]["simulated_time_s"])
EOF
}

echo "# $(date -u '+%F %T UTC'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# one image, one core: label net wall_s rss_MiB prepare elaborate simulate golden teardown outputs simulated_s"
for net in $nets; do
    for ((k = 0; k < runs; ++k)); do
        for bin in "${bins[@]}"; do
            label=new
            [ "$bin" = "$new" ] || label=base
            measure "$label" "$bin" "$net" 1
        done
    done
done
if [ "$stream" -gt 0 ]; then
    echo "# --images $stream bresnete18, both cores (--threads 2): label net wall_s rss_MiB ... (images/s = $stream / wall)"
    for bin in "${bins[@]}"; do
        label=new
        [ "$bin" = "$new" ] || label=base
        measure "$label-stream" "$bin" bresnete18 0 --images "$stream" --threads 2
    done
fi
python3 - "$out/results" "$stream" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
stream = int(sys.argv[2])
study = {"bresnete18": (40, 48), "balexnet": (95, 105), "bdensenet28": (95, 105)}
med = lambda xs: statistics.median(xs) if xs else float("nan")
num = lambda v: float(v) if v != "-" else None
print("# medians: label net runs wall_s [min-max] rss_MiB prepare elaborate simulate golden outputs"
      " sim/wall study_cpu/wall")
for key in sorted({(r[0], r[1]) for r in rows}):
    rs = [r for r in rows if (r[0], r[1]) == key]
    walls = [float(r[2]) for r in rs]
    col = lambda i: med([num(r[i]) for r in rs if num(r[i]) is not None])
    w = med(walls)
    sim_ratio = float(rs[0][10]) / w
    lo, hi = study.get(key[1], (float("nan"),) * 2)
    extra = " images/s %.1f" % (stream / w) if key[0].endswith("stream") else ""
    print("%s %s %d %.2f [%.2f-%.2f] %.0f %.3f %.3f %.3f %.3f %.3f %.2e %.0f-%.0fx%s" % (
        key[0], key[1], len(rs), w, min(walls), max(walls), col(3), col(4), col(5), col(6), col(7), col(9),
        sim_ratio, lo / w, hi / w, extra))
EOF
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# fast functional mode, one core (the hardware run of one image, and the golden reference)"
taskset -c 0 build/release/bench/functional_bench configs/nets/bresnete18.yaml configs/arch/rram22_xnor.yaml
if [ "${FMNIST:-1}" != 0 ] && [ -d /usr/share/datasets/fashion-mnist ]; then
    echo "# fast functional mode: 10 000 Fashion-MNIST test images, trained fmnist_bnn, 2 threads, ADC 5 b"
    for bin in "${bins[@]}"; do
        /usr/bin/time -f "$bin: wall %e s, user %U s" "$bin" accuracy --net configs/nets/fmnist_bnn.yaml \
            --dataset fashion-mnist:test --threads 2 --input-bits 8 --set input.scheme=unsigned --adc-bits 5 \
            --out "$out/fmnist" >/dev/null 2>"$out/fmnist.err" || cat "$out/fmnist.err"
        tail -1 "$out/fmnist.err"
    done
fi
