"""Buffer latency per layer with NeuroSim V1.3's structure (REPORT.md section 6), in cycles of
the chip clock, checked against every layer CSV (reference clock used to isolate cycle counts)."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import math, numpy as np, common, counts, model

def out_buffer_geometry(b, S, mux, core=32 * 32, core_col=32, numPE=2):
    bits = (b + 5) * numPE * S / mux          # tile output buffer: (b+5)-bit tile-adder words of S/mux columns per PE
    if bits < core:
        return 2 * (b + 5), 1                   # interface width, cores in parallel
    return core_col, min(math.ceil(bits / core), math.ceil(numPE * S / core_col))

def buffer_cycles(d, L, mx):
    pip = d['mode'] == 'pipelined'
    m = counts.mapping(d, pipelined=pip, max_ifm=mx); c = counts.bits(d, m)
    S, PE, TILE, R, K = m['S'], m['PE'], m['TILE'], m['R'], m['K']
    b = int(d['adc_bits']); mux = int(d['columns_per_adc']); W = d['W']; pool = 4 if d['pool'] else 1
    iw, nc = out_buffer_geometry(b, S, mux)
    # tile level (max over base tiles): output buffer (read+write of (b+5)-bit sums), input buffer
    # (read+write of its rows through a 2S-bit port)
    tile_out = 2 * min(K, TILE) * (b + 6) / iw / nc
    tile_in = 2 * min(R, TILE) / (2 * S)
    # PE DFFs (one PE's worth; divided by the speed-up the tile credits)
    pr, pc = min(R, PE), min(K, PE)
    if c['full']:
        pr, pc = min(R, TILE), min(K, TILE)
    pe = pr / 2 / S + pc * (b + 2) * mux / (S * (b + 3))
    pe /= 4 if c['full'] else max(1, m['sur'] * m['suc'])
    # global buffer: input bits out, outputs in, 128-bit cores in parallel on the bus, shared in time
    B = counts.bus_width(L, mux, pip)
    if pip:
        need = sum(x['H'] * x['Wd'] * x['C'] / 2 for x in L)
    else:
        need = max(x['H'] * x['Wd'] * x['C'] for x in L)
    cores = min(math.ceil(need / (128 * 128)), math.ceil(B / 128))
    glob = (R + K / pool) / 128 / cores * math.ceil(d['Ttot'] / d['T'])
    return W * (tile_out + tile_in + pe), W * glob

if __name__ == '__main__':
    rows = common.layers()
    print('%-9s %-20s buffer latency model/ref (ref clock): min median max' % ('csv', 'run'))
    for (cs, r), L in common.runs(rows).items():
        mx = max(x['H'] for x in L); clk = float(L[0]['chip']['clock_period_ns'])
        v = []
        for d in L:
            t, g = buffer_cycles(d, L, mx)
            v.append((t + g) * clk / d['buffer_latency_ns'])
        v = np.array(v)
        print('%-9s %-20s %.3f %.3f %.3f   worst L%d' % (cs, r, v.min(), np.median(v), v.max(), 1 + np.argmax(np.abs(np.log(v)))))
