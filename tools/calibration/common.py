"""Load every reference layer CSV together with the layer tables and the chip totals.
One row per (run, layer) with derived quantities (windows, kkC, K, tiles, duplication,
chip area, tile pitch, ...)."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import csv, math, os
REF = os.environ.get('PIMSCOPE_REFERENCE_DIR', os.path.join(REPO, '..', 'shared', 'reference'))
NETS = os.path.join(REPO, 'configs', 'nets', 'study')
MODELS = {'resnet': 'bresnete18', 'densenet': 'bdensenet28', 'alexnet': 'balexnet'}

def read(path):
    with open(path) as f:
        return list(csv.DictReader(f))

def net(model):
    rows = []
    with open(os.path.join(NETS, model + '.neurosim.csv')) as f:
        for line in f:
            v = [int(x) for x in line.strip().split(',') if x != '']
            if len(v) >= 8:
                rows.append(dict(H=v[0], Wd=v[1], C=v[2], k=v[3], K=v[5], pool=v[6], stride=v[7]))
    return rows

NUMF = ['adc_bits', 'subarray', 'columns_per_adc', 'tech_nm', 'layer', 'tiles', 'speed_up', 'utilisation',
        'latency_ns', 'buffer_latency_ns', 'interconnect_latency_ns', 'adc_latency_ns',
        'accumulation_latency_ns', 'dynamic_energy_pj', 'buffer_energy_pj', 'interconnect_energy_pj',
        'adc_energy_pj', 'accumulation_energy_pj', 'leakage_power_uw', 'leakage_energy_pj']

def chips():
    """chip rows keyed by config tuple; each with source tag."""
    out = {}
    for r in read(os.path.join(REF, 'seed_paper_hardware.csv')):
        key = (r['model'], int(r['adc_bits']), 128, 8, 'pipelined', 22, 'mlsa', 'rram')
        r = dict(r); r['source'] = 'paper'; r['run'] = '%s_adc%s' % (r['model'], r['adc_bits'])
        out.setdefault(key, {})['paper'] = r
    for fn, tag in (('neurosim_committed_chip.csv', 'committed'), ('neurosim_public_chip.csv', 'public')):
        for r in read(os.path.join(REF, fn)):
            model = MODELS[r['run'].split('_')[0]]
            key = (model, int(r['adc_bits']), int(r['subarray']), int(r['columns_per_adc']), r['mode'],
                   int(r['tech_nm']), r['adc_type'], r['device'])
            r = dict(r); r['source'] = tag; r['model'] = model
            out.setdefault(key, {})[tag] = r
    return out

def layers():
    ch = chips()
    nets = {m: net(m) for m in MODELS.values()}
    rows = []
    for fn, tag in (('neurosim_v13_layers.csv', 'v13'), ('neurosim_committed_layers.csv', 'committed'),
                    ('neurosim_public_layers.csv', 'public')):
        for r in read(os.path.join(REF, fn)):
            d = {k: (float(r[k]) if k in NUMF else r[k]) for k in r}
            d.setdefault('adc_type', 'mlsa'); d.setdefault('device', 'rram')
            d['csv'] = tag
            key = (d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'],
                   int(d['tech_nm']), d['adc_type'], d['device'])
            c = ch.get(key, {})
            chip = c.get('public') or c.get('committed') or c.get('paper')
            d['chip'] = chip
            d['run'] = chip['run'] if chip else None
            L = nets[d['model']][int(d['layer']) - 1]
            d.update(L)
            d['W'] = ((L['H'] - L['k'] + 1) // L['stride']) ** 2
            d['kkC'] = L['k'] * L['k'] * L['C']
            d['T'] = d['tiles']; d['D'] = d['speed_up']
            d['fc'] = L['H'] == 1
            d['area_mm2'] = float(chip['chip_area_mm2']) if chip else float('nan')
            rows.append(d)
    # total tiles per run
    tot = {}
    for d in rows:
        tot.setdefault((d['csv'], d['run']), 0)
        tot[(d['csv'], d['run'])] += d['T']
    for d in rows:
        d['Ttot'] = tot[(d['csv'], d['run'])]
        d['pitch_mm'] = math.sqrt(d['area_mm2'] / d['Ttot'])
        d['nlayers'] = len(nets[d['model']])
    return rows

def runs(rows):
    out = {}
    for d in rows:
        out.setdefault((d['csv'], d['run']), []).append(d)
    return out

def paper_layers():
    """synthetic layer rows (no reference per-layer figures) for the 18 published chip points,
    with tiles/duplication from the NeuroSim mapping rule (counts.mapping)."""
    import counts
    out = []
    for r in read(os.path.join(REF, 'seed_paper_hardware.csv')):
        model = r['model']; b = int(r['adc_bits'])
        L = []
        for i, row in enumerate(net(model)):
            d = dict(row); d.update(model=model, adc_bits=float(b), subarray=128.0, columns_per_adc=8.0, mode='pipelined',
                                   tech_nm=22.0, adc_type='mlsa', device='rram', layer=float(i + 1), csv='paper',
                                   run='%s_adc%d' % (model, b))
            r2 = dict(r); r2['run'] = d['run']; d['chip'] = r2
            d['W'] = ((row['H'] - row['k'] + 1) // row['stride']) ** 2
            d['kkC'] = row['k'] * row['k'] * row['C']; d['fc'] = row['H'] == 1
            L.append(d)
        mx = max(d['H'] for d in L)
        for d in L:
            m = counts.mapping(d, True, max_ifm=mx)
            d['T'] = d['tiles'] = float(m['tiles']); d['D'] = d['speed_up'] = float(m['dup'])
        Tt = sum(d['T'] for d in L)
        for d in L:
            d['Ttot'] = Tt; d['area_mm2'] = float(r['chip_area_mm2']); d['pitch_mm'] = math.sqrt(d['area_mm2'] / Tt)
            d['nlayers'] = len(L)
            for k in ('buffer_energy_pj', 'interconnect_energy_pj', 'adc_energy_pj', 'accumulation_energy_pj', 'dynamic_energy_pj'):
                d[k] = float('nan')
        out += L
    return out
