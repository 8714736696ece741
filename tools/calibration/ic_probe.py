import numpy as np, common, counts, sys
from scipy.optimize import nnls
rows = common.layers(); R = common.runs(rows)
key = (sys.argv[1], sys.argv[2])
L = R[key]; mx = max(d['H'] for d in L)
X = []; y = []
for d in L:
    m = counts.mapping(d, pipelined=d['mode'] == 'pipelined', max_ifm=mx); c = counts.bits(d, m); b = int(d['adc_bits'])
    X.append([c['G_in'] + c['G_out'], c['T_in'] + c['T_out'] * (b + 5), c['P_in'], c['P_outc'] * b]); y.append(d['interconnect_energy_pj'] / d['W'])
    print(int(d['layer']), 'TR', m['TR'], 'CT', m['CT'], 'full', c['full'], 'calls', c['n_pe_calls'], 'feat', X[-1], 'ic/W %.1f' % y[-1])
X = np.array(X); y = np.array(y)
c, _ = nnls(X / y[:, None], np.ones(len(y)))
print(c * 1000, (X @ c / y).round(3))
