"""Per-layer latency of the current model (built binary) vs the reference, split into the clock
error and the cycle-count error per component (ratio / clock ratio)."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import csv, json, os, numpy as np, common
rows = common.layers()
cur = {}
for r in csv.DictReader(open(os.path.join(HERE, 'out', 'current_layers.csv'))):
    key = (r['model'], int(r['adc_bits']), int(r['subarray']), int(r['columns_per_adc']), r['mode'], int(r['tech_nm']), r['adc_type'], r['device'], int(r['layer']))
    cur[key] = {k: float(v) for k, v in r.items() if k.endswith('_t')}
def clock(d):
    tag = '_'.join(map(str, (d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'], int(d['tech_nm']), d['adc_type'], d['device'])))
    p = os.path.join(os.path.join(HERE, 'out'), tag, 'summary.json')
    if not os.path.exists(p): return float('nan')
    s = json.load(open(p))
    def find(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == 'clock_period_s': return v
                x = find(v)
                if x is not None: return x
        return None
    return find(s)
comps = [('total', 'latency_ns'), ('buffer', 'buffer_latency_ns'), ('interconnect', 'interconnect_latency_ns'), ('adc', 'adc_latency_ns'), ('accumulation', 'accumulation_latency_ns')]
print('%-9s %-20s %7s %7s %6s | cycle-count ratio (model/ref / clock ratio): %s' % ('csv', 'run', 'clk_ref', 'clk_mod', 'ratio', ' '.join('%-15s' % c for c, _ in comps)))
for (c, r), L in common.runs(rows).items():
    if c == 'v13': continue
    d0 = L[0]
    cref = float(d0['chip']['clock_period_ns']); cm = clock(d0) * 1e9 if clock(d0) == clock(d0) else float('nan')
    cr = cm / cref
    s = []
    for comp, ref in comps:
        v = []
        for d in L:
            k = (d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'], int(d['tech_nm']), d['adc_type'], d['device'], int(d['layer']))
            if k in cur and d[ref] > 0: v.append(cur[k][comp + '_t'] / d[ref] / cr)
        s.append('%5.2f-%5.2f    ' % (min(v), max(v)) if v else '  n/a          ')
    print('%-9s %-20s %7.3f %7.3f %6.3f | %s' % (c, r, cref, cm, cr, ' '.join(s)))
