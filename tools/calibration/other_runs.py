import numpy as np, model, common
rows = model.all_features()
print('%-9s %-20s  other per subarray read per window (pJ): min median max   | other share of dynamic (median)' % ('csv', 'run'))
for key, L in common.runs(rows).items():
    v = []; fr = []; v1 = []
    for d in L:
        oth = d['dynamic_energy_pj'] - d['buffer_energy_pj'] - d['interconnect_energy_pj'] - d['adc_energy_pj'] - d['accumulation_energy_pj']
        m = d['_m']; S = m['S']
        subs = -(-m['R'] // S) * -(-m['K'] // S)
        full_sub = d['_c']['full'] and m['sur'] // 2 >= 4 and m['suc'] // 2 >= 4   # copy per subarray (read as one array)
        (v1 if full_sub else v).append(oth / d['W'] / (1 if full_sub else subs))
        fr.append(oth / d['dynamic_energy_pj'])
    print('%-9s %-20s  %6.2f %6.2f %6.2f   single-array copies: %s  | %.3f' % (key[0], key[1], min(v), np.median(v), max(v), np.round(v1, 2), np.median(fr)))
