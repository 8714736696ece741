"""Per-run least squares of per-window buffer and interconnect energy on the NeuroSim bit
counts (evidence that the counting structure is right: one set of per-bit energies per run)."""
import numpy as np, common, counts
from scipy.optimize import nnls
rows = common.layers()
def feats(d):
    mx = d['_mx']
    m = counts.mapping(d, pipelined=d['mode'] == 'pipelined', max_ifm=mx)
    c = counts.bits(d, m); b = int(d['adc_bits'])
    d['_m'] = m; d['_c'] = c
    fb = [c['G_in'] + c['G_out'], c['T_in'], c['T_out'] * (b + 6), c['P_in'], c['P_outc'] * (b + 2)]
    fi = [c['G_in'] + c['G_out'], c['T_in'] + c['T_out'] * (b + 6), c['P_in'], c['P_outc'] * b]
    return fb, fi
R = common.runs(rows)
res = {}
for key, L in R.items():
    mx = max(d['H'] for d in L)
    for d in L: d['_mx'] = mx
    FB, FI, yb, yi = [], [], [], []
    for d in L:
        fb, fi = feats(d)
        FB.append(fb); FI.append(fi)
        yb.append(d['buffer_energy_pj'] / d['W']); yi.append(d['interconnect_energy_pj'] / d['W'])
    FB, FI, yb, yi = map(np.array, (FB, FI, yb, yi))
    # relative-error weighting
    cb, _ = nnls(FB / yb[:, None], np.ones(len(yb)))
    ci, _ = nnls(FI / yi[:, None], np.ones(len(yi)))
    rb = FB @ cb / yb; ri = FI @ ci / yi
    res[key] = (cb, ci)
    print('%-9s %-20s buf[fJ/bit: G %.2f TI %.2f TO %.2f PI %.2f PO %.2f] ratio %.3f-%.3f | ic[fJ/bit: G %.1f T %.2f PI %.2f PO %.2f] ratio %.3f-%.3f' % (
        key[0], key[1], *(1000 * cb), rb.min(), rb.max(), *(1000 * ci), ri.min(), ri.max()))
