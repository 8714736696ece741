import numpy as np, model, common, counts, sys
rows = model.all_features()
for key, L in common.runs(rows).items():
    if key[1] not in sys.argv[1:]: continue
    print('==', key)
    for d in L:
        oth = d['dynamic_energy_pj'] - d['buffer_energy_pj'] - d['interconnect_energy_pj'] - d['adc_energy_pj'] - d['accumulation_energy_pj']
        m = d['_m']; S = m['S']
        subs = -(-m['R'] // S) * -(-m['K'] // S)
        print('%2d W %6d kkC %5d K %4d T %2d D %2d pool %d subs/copy %3d | other/W %9.2f  other/W/subs %7.2f other/W/K %6.3f  frac %.3f' % (
            d['layer'], d['W'], d['kkC'], d['K'], d['T'], d['D'], d['pool'], subs, oth / d['W'], oth / d['W'] / subs, oth / d['W'] / d['K'], oth / d['dynamic_energy_pj']))
