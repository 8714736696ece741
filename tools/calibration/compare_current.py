"""Per-layer ratio current-model / reference for every layer CSV (energy and latency components)."""
import csv, math, common, sys
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
cur = {}
for r in csv.DictReader(open(os.path.join(HERE, 'out', 'current_layers.csv'))):
    key = (r['model'], int(r['adc_bits']), int(r['subarray']), int(r['columns_per_adc']), r['mode'], int(r['tech_nm']),
           r['adc_type'], r['device'], int(r['layer']))
    cur[key] = {k: float(v) for k, v in r.items() if k.endswith('_e') or k.endswith('_t')}
rows = common.layers()
what = sys.argv[1] if len(sys.argv) > 1 else 'e'
comps = [('total', 'dynamic_energy_pj'), ('buffer', 'buffer_energy_pj'), ('interconnect', 'interconnect_energy_pj'),
         ('adc', 'adc_energy_pj'), ('accumulation', 'accumulation_energy_pj')] if what == 'e' else \
        [('total', 'latency_ns'), ('buffer', 'buffer_latency_ns'), ('interconnect', 'interconnect_latency_ns'),
         ('adc', 'adc_latency_ns'), ('accumulation', 'accumulation_latency_ns')]
suf = '_' + what
print('%-9s %-20s ' % ('csv', 'run') + ' '.join('%-17s' % c for c, _ in comps))
for (c, r), L in common.runs(rows).items():
    s = []
    for comp, ref in comps:
        rat = []
        for d in L:
            k = (d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'], int(d['tech_nm']), d['adc_type'], d['device'], int(d['layer']))
            if k not in cur or d[ref] <= 0: continue
            rat.append(cur[k][comp + suf] / d[ref])
        s.append('%5.2f-%5.2f      ' % (min(rat), max(rat)) if rat else '   n/a           ')
    print('%-9s %-20s ' % (c, r) + ' '.join(s))
