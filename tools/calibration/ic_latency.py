"""Interconnect latency structure: tile H-tree transfers (max over base tiles, 2S-bit bus) x
cycles per transfer, plus chip H-tree transfers (bus-quantised) x cycles per transfer."""
import math, numpy as np, common, counts
from scipy.optimize import nnls
def feats(d, L, mx):
    pip = d['mode'] == 'pipelined'
    m = counts.mapping(d, pipelined=pip, max_ifm=mx); c = counts.bits(d, m)
    S, TILE, R, K = m['S'], m['TILE'], m['R'], m['K']; b = int(d['adc_bits']); W = d['W']; pool = 4 if d['pool'] else 1
    tile = (min(R, TILE) + min(K, TILE) * (b + 6)) / (2 * S)
    B = counts.bus_width(L, int(d['columns_per_adc']), pip)
    glob = math.ceil((R + K / pool) * W / B) / W
    return tile, glob
if __name__ == '__main__':
    rows = common.layers()
    print('%-9s %-20s %6s %4s | cycles per transfer: tile  chip | fit range | tile/pitch chip/(nL*pitch)' % ('csv', 'run', 'pitch', 'nL'))
    for (cs, r), L in common.runs(rows).items():
        mx = max(x['H'] for x in L); clk = float(L[0]['chip']['clock_period_ns'])
        X = np.array([feats(d, L, mx) for d in L]); y = np.array([d['interconnect_latency_ns'] / clk / d['W'] for d in L])
        co, _ = nnls(X / y[:, None], np.ones(len(y))); rr = X @ co / y
        p = L[0]['pitch_mm']; nL = 2 * counts.htree_pitches(L[0]['Ttot'])[0] - 3  # latency path: full first stage
        print('%-9s %-20s %6.3f %4d | %6.2f %6.2f | %.3f-%.3f | %.2f %.3f' % (cs, r, p, nL, co[0], co[1], rr.min(), rr.max(), co[0] / p, co[1] / p))

# ---- closed form with one wire-delay constant per node (cycles of NeuroSim's 1 ns timing period) ----
TAU = {22: 0.34680, 14: None, 65: None, 130: None}   # ns per mm of H-tree path; other nodes fitted below
def path_pitches_latency(Ttot):
    r = math.ceil(math.sqrt(Ttot)); c = math.ceil(Ttot / r)
    N = math.ceil(math.log2(max(r, c))); xc = math.floor(math.log2(min(r, c)))
    if c - xc < 1: xc -= 1
    return 2 * (2 ** N - 1) + min(c - xc, xc)
def ic_cycles(d, L, mx, tau):
    tile, glob = feats(d, L, mx)
    p = d['pitch_mm']
    ct = max(1, math.ceil(tau * 1.5 * p - 1e-9)); cg = max(1, math.ceil(tau * path_pitches_latency(d['Ttot']) * p - 1e-9))
    return d['W'] * (tile * ct + glob * cg)
def check():
    rows = common.layers()
    runs = common.runs(rows)
    for n in (14, 65, 130):   # fit tau per node (interval search)
        best = None
        for tau in np.arange(0.1, 1.0, 0.0005):
            err = []
            for (cs, r), L in runs.items():
                if int(L[0]['tech_nm']) != n: continue
                mx = max(x['H'] for x in L); clk = float(L[0]['chip']['clock_period_ns'])
                err += [abs(math.log(ic_cycles(d, L, mx, tau) * clk / d['interconnect_latency_ns'])) for d in L]
            e = max(err)
            if best is None or e < best[0]: best = (e, tau)
        TAU[n] = best[1]
    print('tau (ns per mm of H-tree path, ceil to 1 ns periods):', TAU)
    print('%-9s %-20s interconnect latency closed form / ref (ref clock): min median max' % ('csv', 'run'))
    for (cs, r), L in runs.items():
        mx = max(x['H'] for x in L); clk = float(L[0]['chip']['clock_period_ns'])
        v = np.array([ic_cycles(d, L, mx, TAU[int(d['tech_nm'])]) * clk / d['interconnect_latency_ns'] for d in L])
        print('%-9s %-20s %.3f %.3f %.3f' % (cs, r, v.min(), np.median(v), v.max()))
if __name__ == '__main__':
    check()
