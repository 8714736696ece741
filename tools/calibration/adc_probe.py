import numpy as np, model, common
rows = model.all_features()
sel = ['resnet_base_adc3', 'resnet_mux1_adc3', 'resnet_base_adc4', 'resnet_mux2_adc4', 'resnet_base_adc6', 'resnet_mux16_adc6', 'resnet_base_adc5', 'resnet_sub64_adc5', 'resnet_sar_adc5', 'resnet_base_adc8', 'resnet_sar_adc8', 'resnet_nopipe_adc5', 'resnet_14nm_adc5', 'resnet_65nm_adc5', 'resnet_130nm_adc5', 'resnet_sram_adc5']
R = common.runs(rows)
for r in sel:
    key = [k for k in R if k[1] == r and k[0] != 'v13'][0]; L = R[key]
    s = []
    for d in L:
        m = d['_m']; S = m['S']
        reads = -(-m['R'] // S) * -(-m['K'] // S)
        s.append('%6.1f' % (d['adc_energy_pj'] / d['W'] / reads))
    print('%-20s adc/W/read(pJ) L1..21: %s' % (r, ' '.join(s)))
