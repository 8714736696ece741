"""(Stored result: out/current_layers.csv, made 2026-12-04 16:53 with the binary built from /work/main
at commit 8503cba before the issue-14 refactor; a later binary may refuse this arch file.)
Run pimscope's current study model (the built binary, read-only use of /work/main) at every
reference configuration; collect per-layer components into out/current_layers.csv."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import subprocess, csv, os, common
BIN = os.path.join(REPO, 'build', 'release', 'pimscope')
ARCH = os.path.join(HERE, 'arch', 'rram22_xnor.yaml')
NETY = {'bresnete18': os.path.join(REPO, 'configs', 'nets', 'bresnete18.yaml'), 'bdensenet28': os.path.join(REPO, 'configs', 'nets', 'bdensenet28.yaml'),
        'balexnet': os.path.join(REPO, 'configs', 'nets', 'balexnet.yaml')}
rows = common.layers()
configs = sorted({(d['model'], int(d['adc_bits']), int(d['subarray']), int(d['columns_per_adc']), d['mode'], int(d['tech_nm']),
                   d['adc_type'], d['device']) for d in rows} |
                 {(m, b, 128, 8, 'pipelined', 22, 'mlsa', 'rram') for m in NETY for b in range(3, 9)})
out = []
failed = 0
for cfg in configs:
    model, b, sub, mux, mode, tech, adc, dev = cfg
    if dev != 'rram':
        continue
    tag = '_'.join(map(str, cfg))
    od = os.path.join(os.path.join(HERE, 'out'), tag)
    cmd = ['taskset', '-c', '0', BIN, 'run', '--arch', ARCH, '--net', NETY[model], '--study', '--study-quirks',
           '--adc-bits', str(b), '--mode', mode, '--out', od,
           '--set', 'array.rows=%d' % sub, '--set', 'array.cols=%d' % sub, '--set', 'array.columns_per_adc=%d' % mux,
           '--set', 'adc.type=%s' % adc, '--set', 'technology.file=tech/%dnm.yaml' % tech, '--set', 'technology.node_nm=%d' % tech]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        print('FAILED', tag, r.stderr[-400:]); failed += 1; continue
    comp = list(csv.DictReader(open(os.path.join(od, 'components.csv'))))
    layers = [c['layer'] for c in comp if c['component'] == 'total']
    for i, name in enumerate(layers):
        rec = dict(model=model, adc_bits=b, subarray=sub, columns_per_adc=mux, mode=mode, tech_nm=tech, adc_type=adc,
                   device=dev, layer=i + 1)
        for c in comp:
            if c['layer'] == name:
                rec[c['component'] + '_e'] = float(c['dynamic_energy_j']) * 1e12
                rec[c['component'] + '_t'] = float(c['latency_s']) * 1e9
        out.append(rec)
    chip = [c for c in comp if c['layer'] == 'chip']
    print(tag, 'ok', len(layers), 'layers')
if failed:
    raise SystemExit('%d configurations failed: keeping the stored out/current_layers.csv' % failed)
keys = list(out[0].keys())
with open(os.path.join(HERE, 'out', 'current_layers.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=keys); w.writeheader(); w.writerows(out)
