"""Evidence tables (markdown) for REPORT.md: per-window buffer/interconnect vs layer parameters,
the NeuroSim bit counts, and the proposed model's per-window values."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import numpy as np, common, model, final_model as fm
rows = model.all_features()
cb, ci, tech = fm.fit_final(rows)
R = common.runs(rows)
def tab(title, items):
    print('\n**%s**\n' % title)
    print('| run | L | C | k | K | T | D | TR | CT | PE calls | buf/W ref | buf/W model | ic/W ref | ic/W model | global bits | tile-in bits | psum bits (b+6)K·TR+(b+2)Σpc | PE-out bus bit·mm |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for key, l in items:
        d = [x for x in R[key] if int(x['layer']) == l][0]
        f = d['_f']; m = d['_m']; c = d['_c']
        bm, im = fm.predict(d, cb, ci, tech)
        print('| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |' % (
            key[1], l, d['C'], d['k'], d['K'], d['T'], d['D'], m['TR'], m['CT'], c['n_pe_calls'], d['buffer_energy_pj'] / d['W'], bm / d['W'],
            d['interconnect_energy_pj'] / d['W'], im / d['W'], f['bG'], f['bTI'], f['bTO'] + f['bPO'], f['iPO']))
tab('bdensenet28 L2-L7 (56x56, k 3, K 64, only C changes), ADC 3 and 8 b',
    [(('v13', 'bdensenet28_adc3'), l) for l in range(2, 8)] + [(('v13', 'bdensenet28_adc8'), l) for l in range(2, 8)])
tab('bdensenet28 L9-L14 (28x28, C 160-480): one extra tile row at C 288 adds a partial-sum term',
    [(('v13', 'bdensenet28_adc3'), l) for l in range(9, 15)])
tab('Same kkC, different K: bresnete18 L8 (K 128) vs bdensenet28 L3 (K 64); same layer in a 77- and a 149-tile chip (bresnete18 L2 vs bdensenet28 L2)',
    [(('v13', 'resnet_base_adc8'), 8), (('v13', 'bdensenet28_adc8'), 3), (('v13', 'resnet_base_adc8'), 2), (('v13', 'bdensenet28_adc8'), 2),
     (('v13', 'resnet_base_adc3'), 8), (('v13', 'bdensenet28_adc3'), 3)])
tab('bresnete18 ADC 8 b, the layers the current model misses most (L1, 6, 11, 16 over; L13-20 under)',
    [(('v13', 'resnet_base_adc8'), l) for l in (1, 6, 11, 16, 13, 17, 18, 20)])
tab('FC layers (W = 1): many tile rows, bus quantisation, NeuroSim stale-PE quirk (bdensenet28 L28)',
    [(('v13', 'balexnet_adc3'), l) for l in (6, 7, 8)] + [(('v13', 'balexnet_adc8'), l) for l in (6, 7, 8)] +
    [(('v13', 'bdensenet28_adc8'), 28), (('v13', 'resnet_base_adc8'), 21), (('public', 'densenet_sub64_adc5'), 28)])
tab('Away from the study point (public runs), bresnete18 L2 / L13 / L21',
    [(('public', r), l) for r in ('resnet_sub64_adc5', 'resnet_mux1_adc3', 'resnet_mux16_adc6', 'resnet_nopipe_adc3', 'resnet_14nm_adc5', 'resnet_130nm_adc5', 'resnet_sar_adc8', 'resnet_sram_adc5') for l in (2, 13, 21)])
