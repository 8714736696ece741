import numpy as np, common, counts, math
from scipy.optimize import nnls
rows = common.layers()
print('%-9s %-20s %5s %6s %5s | %8s %8s %8s %8s | %6s %6s %6s %6s | fit range' % ('csv','run','Ttot','pitch','nG','G','T','PI','PO','G/nGp','T/p','PI','PO/p'))
for key, L in common.runs(rows).items():
    mx = max(d['H'] for d in L); pip = L[0]['mode'] == 'pipelined'
    B = counts.bus_width(L, L[0]['columns_per_adc'], pip)
    nG = counts.htree_pitches(L[0]['Ttot'])[0]; p = L[0]['pitch_mm']
    X = []; y = []
    for d in L:
        m = counts.mapping(d, pipelined=pip, max_ifm=mx); c = counts.bits(d, m); b = int(d['adc_bits'])
        G = math.ceil((c['G_in'] + c['G_out']) * d['W'] / B) * B / d['W']
        X.append([G, c['T_in'] + c['T_out'] * (b + 6), c['P_in'], c['P_outc'] * b]); y.append(d['interconnect_energy_pj'] / d['W'])
    X = np.array(X); y = np.array(y)
    co, _ = nnls(X / y[:, None], np.ones(len(y))); r = X @ co / y
    co = co * 1000
    print('%-9s %-20s %5d %6.3f %5d | %8.1f %8.2f %8.2f %8.2f | %6.1f %6.1f %6.1f %6.1f | %.3f-%.3f  B=%d' % (key[0], key[1], L[0]['Ttot'], p, nG, *co, co[0]/nG/p, co[1]/p, co[2], co[3]/p, r.min(), r.max(), B))
