"""Per-CSV aggregate of the per-layer ratios (model/reference) from out/layer_fit.csv."""
import csv, numpy as np
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
rows = list(csv.DictReader(open(os.path.join(HERE, 'out', 'layer_fit.csv'))))
def r(a, b, sel): 
    v = np.array([float(x[a]) / float(x[b]) for x in sel if float(x[b]) > 0 and x[a] not in ('nan', '')])
    v = v[~np.isnan(v)]
    return '%.3f / %.3f / %.3f (n=%d, |log|>log1.2: %d, >log1.1: %d)' % (v.min(), np.median(v), v.max(), len(v), np.sum(np.abs(np.log(v)) > np.log(1.2)), np.sum(np.abs(np.log(v)) > np.log(1.1)))
for c in ('v13', 'committed', 'public'):
    sel = [x for x in rows if x['csv'] == c]
    print(c)
    for a, b, n in (('model_buf', 'ref_buf', 'buffer'), ('model_ic', 'ref_ic', 'interconnect'), ('model_other', 'ref_other', 'other'), ('model_adc', 'ref_adc', 'ADC'), ('model_total', 'ref_total', 'TOTAL'), ('current_total', 'ref_total', 'current model TOTAL')):
        print('   %-20s min/median/max %s' % (n, r(a, b, sel)))
