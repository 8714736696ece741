"""Share of each term in the proposed buffer / interconnect energy (per run, energy-weighted)."""
import numpy as np, common, model, final_model as fm
rows = model.all_features(); cb, ci, tech = fm.fit_final(rows)
print('%-9s %-20s | buffer: global tile-in psum | ic: chip-tree tile-tree PE-in-bus PE-out-bus' % ('csv', 'run'))
for (c, r), L in common.runs(rows).items():
    if c == 'v13': continue
    B = np.zeros(3); I = np.zeros(4)
    for d in L:
        f = d['_f']
        B += d['W'] * fm.buffer_bits(f) * cb
        I += d['W'] * np.array([ci[0] * f['iG'], ci[0] * fm.KAPPA_T * f['iT'], ci[1] * (f['iPI'] + fm.WP_F * f['iPIn']), ci[1] * (f['iPO'] + fm.HP_F * f['iPOn'])])
    print('%-9s %-20s | %5.2f %5.2f %5.2f | %5.2f %5.2f %5.2f %5.2f' % (c, r, *(B / B.sum()), *(I / I.sum())))
