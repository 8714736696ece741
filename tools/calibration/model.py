"""Proposed per-layer buffer and interconnect energy model (docs in REPORT.md section 3).
Inputs per layer: windows W, rows R = 2k^2C, outputs K, pooled, ADC bits b, subarray S, the
floorplan (base tile grid, PE blocks, duplication branch), tile pitch p_T, tiles of the chip,
global bus width, subarray height h_sub (from the subarray area model), technology factors."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import math, numpy as np, common, counts

F22 = 22e-9
# pimscope subarray area constants (configs/arch/rram22_xnor.yaml), in F^2
CELL_W_F, CELL_H_F, DRIVER_F2, MUX_F2 = 12, 5, 10000, 5785   # width 12F (NeuroSim widthInFeatureSize1T1R)

def geometry(d, L):
    """per-run geometry: tile pitch (mm), H-tree pitches, global bus width, subarray w/h (mm)."""
    chip = d['chip']; S = int(d['subarray']); F = d['tech_nm'] * 1e-9
    Ttot = d['Ttot']; p = d['pitch_mm']
    nG = counts.htree_pitches(Ttot)[0]
    B = counts.bus_width(L, d['columns_per_adc'], d['mode'] == 'pipelined')
    n_sub = 64  # subarrays per tile (8x8) for both 128 and 64 subarrays
    a_adc = float(chip['adc_area_mm2']) * 1e6 / (Ttot * n_sub)           # um^2 per subarray (reference)
    if d['device'] == 'sram':
        a_adc = 0.0
    w_arr = S * CELL_W_F * F * 1e6                                          # um, array width
    h_arr = S * CELL_H_F * F * 1e6                                          # um, array height
    h_col = (S * MUX_F2 * (F * 1e6) ** 2 + a_adc) / w_arr                   # um, column periphery (mux + ADC) under the array
    return dict(p=p, nG=nG, B=B, w_arr=w_arr * 1e-3, h_arr=h_arr * 1e-3, h_col=h_col * 1e-3, F_nm=F * 1e9, Ttot=Ttot)

def features(d, L, mx):
    pip = d['mode'] == 'pipelined'
    m = counts.mapping(d, pipelined=pip, max_ifm=mx); c = counts.bits(d, m)
    g = geometry(d, L); b = int(d['adc_bits']); W = d['W']
    Gq = math.ceil((c['G_in'] + c['G_out']) * W / g['B']) * g['B'] / W     # bus-quantised global bits
    f = dict(
        # buffer bit counts (per window)
        bG=c['G_in'] + c['G_out'], bTI=c['T_in'], bTO=c['T_out'] * (b + 6), bTOc=c['T_out'],
        bPI=c['P_in'], bPO=c['P_outc'] * (b + 2), bPOc=c['P_outc'],
        # interconnect bit x length (bit*mm) per window
        iG=g['nG'] * g['p'] * Gq, iT=g['p'] * (c['T_in'] + c['T_out'] * (b + 6)),
        # PE buses: input bus 3 subarray widths, output bus 3 subarray heights (bit*mm without the
        # row/column periphery constants, which final_model adds: w_p, h_p per F)
        iPI=3 * g['w_arr'] * c['P_in'], iPIn=3 * c['P_in'] * g['F_nm'] * 1e-6,
        iPO=3 * (g['h_arr'] + g['h_col']) * c['P_outc'] * b, iPOn=3 * c['P_outc'] * b * g['F_nm'] * 1e-6,
    )
    return f, m, c, g

def all_features(rows=None):
    rows = rows or common.layers()
    for key, L in common.runs(rows).items():
        mx = max(d['H'] for d in L)
        for d in L:
            d['_f'], d['_m'], d['_c'], d['_g'] = features(d, L, mx)
    return rows
