"""Complete per-layer dynamic energy: proposed buffer + interconnect (final_model), the new
'other' term (row drivers / switch matrix / column mux, once per mux phase and subarray read),
the revised ADC (adc_model), and pimscope's current accumulation (binary). Per-layer fit
quality per CSV/run and chip totals (18 published points, committed, public)."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import csv, math, sys, numpy as np, common, model, final_model as fm, adc_model
from scipy.optimize import least_squares

def other_units(d):
    m_ = d['_m']; c = d['_c']; S = m_['S']
    single = c['full'] and math.ceil(m_['sur'] / 2) >= 4 and math.ceil(m_['suc'] / 2) >= 4
    reads = 1 if single else math.ceil(m_['R'] / S) * math.ceil(m_['K'] / S)
    mux = int(d['columns_per_adc'])
    # row drives per window (rows x mux phases x reads) + the column-mux decoder (exists for mux > 1),
    # worth OTHER_MUXDEC row-drive phases per read
    return reads * S * (mux + (OTHER_MUXDEC if mux > 1 else 0.0))
OTHER_MUXDEC = 0.38

def other_ref(d):
    return d['dynamic_energy_pj'] - d['buffer_energy_pj'] - d['interconnect_energy_pj'] - d['adc_energy_pj'] - d['accumulation_energy_pj']

def fit_other(rows):
    sel = [d for d in rows if int(d['tech_nm']) == 22 and d['device'] == 'rram']
    e = math.exp(np.mean([math.log(other_ref(d) / (d['W'] * other_units(d))) for d in sel]))
    tech = {22: 1.0}
    for n in (14, 65, 130):
        s = [d for d in rows if int(d['tech_nm']) == n]
        tech[n] = math.exp(np.mean([math.log(other_ref(d) / (d['W'] * other_units(d) * e)) for d in s]))
    return e, tech

def load_current():
    cur = {}
    for r in csv.DictReader(open(os.path.join(HERE, 'out', 'current_layers.csv'))):
        key = (r['model'], int(r['adc_bits']), int(r['subarray']), int(r['columns_per_adc']), r['mode'], int(r['tech_nm']), r['adc_type'], r['device'], int(r['layer']))
        cur[key] = {k: float(v) for k, v in r.items() if k.endswith('_e') or k.endswith('_t')}
    return cur
def ckey(d): return (d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'], int(d['tech_nm']), d['adc_type'], d['device'], int(d['layer']))

PHYS = '--phys' in sys.argv
def build():
    rows = model.all_features()
    cb, ci, tech = fm.fit_final(rows)
    pa, tech_a = adc_model.fit(rows)
    eo, tech_o = fit_other(rows)
    paper = common.paper_layers()
    for key, L in common.runs(paper).items():
        mx = max(d['H'] for d in L)
        for d in L:
            d['_f'], d['_m'], d['_c'], d['_g'] = model.features(d, L, mx)
    cur = load_current()
    for d in rows + paper:
        n = int(d['tech_nm'])
        d['m_buf'], d['m_ic'] = fm.predict(d, cb, ci, tech, phys=PHYS)
        d['m_oth'] = d['W'] * other_units(d) * eo * tech_o[n]
        d['m_adc'] = adc_model.energy(d, pa) * tech_a[n] if d['device'] == 'rram' else float('nan')
        c = cur.get(ckey(d))
        d['c_adc'] = c['adc_e'] if c else float('nan'); d['c_acc'] = c['accumulation_e'] if c else float('nan')
        d['c_buf'] = c['buffer_e'] if c else float('nan'); d['c_ic'] = c['interconnect_e'] if c else float('nan')
        d['c_tot'] = c['total_e'] if c else float('nan')
        d['m_tot'] = d['m_buf'] + d['m_ic'] + d['m_oth'] + d['m_adc'] + d['c_acc']
    consts = dict(cb=cb, ci=ci, tech=tech, pa=pa, tech_a=tech_a, eo=eo, tech_o=tech_o)
    return rows, paper, consts

def rng(v):
    v = np.array([x for x in v if x == x])
    return '%5.2f %5.2f %5.2f' % (v.min(), np.median(v), v.max()) if len(v) else '   n/a          '

if __name__ == '__main__':
    rows, paper, k = build()
    print('constants: buffer fJ/bit G %.3f TI %.3f PS %.3f | H-trees %.2f fJ/(bit mm), PE buses %.2f fJ/(bit mm) | other %.3f fJ per row-drive | ADC e_ph %.3f pJ, MLSA %.4f+%.5f*(2^b-1) pJ, rows^%.2f, SAR %.3f+b*%.3f pJ' % (
        *(k['cb'] * 1000), *(k['ci'] * 1000), k['eo'] * 1000, *k['pa']))
    print('tech factors (buffer, wire):', {n: tuple(round(x, 3) for x in v) for n, v in k['tech'].items()})
    print('tech factors ADC:', {n: round(v, 3) for n, v in k['tech_a'].items()}, ' other:', {n: round(v, 3) for n, v in k['tech_o'].items()})
    print()
    print('per-layer ratio model/reference (min median max)')
    print('%-9s %-20s | %-17s | %-17s | %-17s | %-17s | %-17s || %-17s' % ('csv', 'run', 'buffer', 'interconnect', 'other', 'ADC (revised)', 'TOTAL dynamic', 'current model total'))
    allt = []; allc = []
    for (c, r), L in common.runs(rows).items():
        f = lambda a, b: [x[a] / x[b] for x in L]
        rt = f('m_tot', 'dynamic_energy_pj'); allt += [x for x in rt if x == x]
        rc = f('c_tot', 'dynamic_energy_pj'); allc += [x for x in rc if x == x]
        ro = [x['m_oth'] / other_ref(x) for x in L]
        print('%-9s %-20s | %s | %s | %s | %s | %s || %s' % (c, r, rng(f('m_buf', 'buffer_energy_pj')), rng(f('m_ic', 'interconnect_energy_pj')), rng(ro),
              rng(f('m_adc', 'adc_energy_pj')), rng(rt), rng(rc)))
    allt = np.array(allt); allc = np.array(allc)
    print('ALL layers TOTAL: %s; outside +-20%%: %d of %d (current model: %s, outside: %d of %d)' % (
        rng(allt), np.sum(np.abs(np.log(allt)) > np.log(1.2)), len(allt), rng(allc), np.sum(np.abs(np.log(allc)) > np.log(1.2)), len(allc)))
    print()
    # chip totals
    print('chip totals: model/reference (dynamic, buffer, interconnect, ADC) and current model dynamic')
    chips = common.chips()
    def chip_tot(L, key): return sum(x[key] for x in L)
    print('%-10s %-22s %6s %6s %6s %6s | cur %6s %6s %6s' % ('source', 'run', 'dyn', 'buf', 'ic', 'adc', 'dyn', 'buf', 'ic'))
    out = []
    for (c, r), L in list(common.runs(paper).items()) + [(k2, v) for k2, v in common.runs(rows).items() if k2[0] != 'v13']:
        ch = L[0]['chip']
        if c == 'paper': ch = [x for x in common.read(common.os.path.join(common.REF, 'seed_paper_hardware.csv')) if x['model'] == L[0]['model'] and int(x['adc_bits']) == int(L[0]['adc_bits'])][0]
        ref = {k_: float(ch[k_]) * 1e6 for k_ in ('dynamic_energy_uj', 'buffer_dynamic_energy_uj', 'interconnect_dynamic_energy_uj', 'adc_dynamic_energy_uj')}
        vals = (chip_tot(L, 'm_tot') / ref['dynamic_energy_uj'], chip_tot(L, 'm_buf') / ref['buffer_dynamic_energy_uj'],
                chip_tot(L, 'm_ic') / ref['interconnect_dynamic_energy_uj'], chip_tot(L, 'm_adc') / ref['adc_dynamic_energy_uj'],
                chip_tot(L, 'c_tot') / ref['dynamic_energy_uj'], chip_tot(L, 'c_buf') / ref['buffer_dynamic_energy_uj'], chip_tot(L, 'c_ic') / ref['interconnect_dynamic_energy_uj'])
        out.append((c, r) + vals)
        print('%-10s %-22s %6.3f %6.3f %6.3f %6.3f | cur %6.3f %6.3f %6.3f' % ((c, r) + vals))
    v = np.array([o[2:] for o in out], dtype=float)
    print('range over all chip points: dyn %.3f-%.3f buf %.3f-%.3f ic %.3f-%.3f adc %.3f-%.3f | current dyn %.3f-%.3f buf %.3f-%.3f ic %.3f-%.3f' % tuple(
        x for i in range(7) for x in (np.nanmin(v[:, i]), np.nanmax(v[:, i]))))
    with open(os.path.join(HERE, 'out', 'layer_fit%s.csv') % ('_phys' if PHYS else ''), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['csv', 'run', 'layer', 'W', 'kkC', 'K', 'T', 'D', 'ref_buf', 'model_buf', 'ref_ic', 'model_ic', 'ref_other', 'model_other', 'ref_adc', 'model_adc', 'ref_total', 'model_total', 'current_total'])
        for d in rows:
            w.writerow([d['csv'], d['run'], int(d['layer']), d['W'], d['kkC'], d['K'], int(d['T']), int(d['D']), d['buffer_energy_pj'], round(d['m_buf'], 1),
                        d['interconnect_energy_pj'], round(d['m_ic'], 1), round(other_ref(d), 1), round(d['m_oth'], 1), d['adc_energy_pj'], round(d['m_adc'], 1),
                        d['dynamic_energy_pj'], round(d['m_tot'], 1), round(d['c_tot'], 1)])
