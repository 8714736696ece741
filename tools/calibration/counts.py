"""Bit counts per window of every buffer and bus of one layer, following the counting
structure of DNN+NeuroSim V1.3 (facts collected in REPORT.md section 2; no code copied).

Hierarchy: subarray S x S, PE = 4x4 subarrays, tile = 2x2 PEs (tile side capped, see README).
Energy per layer is charged for the *base* tile grid (one copy of the weights) with all W
windows; duplication only changes which branch charges the PE-level counts."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
import math

def ceil(a, b):
    return -(-a // b)

def mapping(d, pipelined=True, speed_up_degree=8, max_ifm=None):
    S = int(d['subarray']); PE = 4 * S; TILE = 8 * S
    R = 2 * d['kkC']; K = d['K']
    # PE duplication inside a tile, subarray duplication inside a PE
    if R <= TILE or K <= TILE:
        pr, pc = ceil(R, PE), ceil(K, PE)
        peR = max(1, (TILE // PE) // pr); peC = max(1, (TILE // PE) // pc)
    else:
        peR = peC = 1
    if R <= PE or K <= PE:
        ar, ac = ceil(R, S), ceil(K, S)
        saR = max(1, (PE // S) // ar); saC = max(1, (PE // S) // ac)
    else:
        saR = saC = 1
    TR0, CT = ceil(R, TILE), ceil(K, TILE)
    if pipelined:
        bound = ceil(max_ifm, speed_up_degree)
        pipe = math.ceil((d['H'] / bound) ** 2)
        extra = ceil(pipe, peR * peC * saR * saC)
        sur, suc = peR * saR * extra, peC * saC
        tiles = TR0 * extra * CT
    else:
        sur, suc = peR * saR, peC * saC
        tiles = TR0 * CT
    return dict(S=S, PE=PE, TILE=TILE, R=R, K=K, TR=TR0, CT=CT, sur=sur, suc=suc, tiles=tiles,
                dup=sur * suc)

def bits(d, m):
    """per-window bit counts (1-bit inputs)."""
    S, PE, TILE, R, K = m['S'], m['PE'], m['TILE'], m['R'], m['K']
    b = int(d['adc_bits']); pool = 4.0 if d['pool'] else 1.0
    out = dict(G_in=R, G_out=K / pool, T_in=0.0, T_out=0.0, P_in=0.0, P_outc=0.0, n_pe_calls=0,
               pe_rowblocks=0, tile_acc=0)
    full = m['sur'] * m['suc'] > 1 and m['sur'] >= 2 and m['suc'] >= 2   # numPE = 2
    for i in range(m['TR']):
        ri = min(TILE, R - i * TILE)
        for j in range(m['CT']):
            cj = min(TILE, K - j * TILE)
            out['T_in'] += ri
            out['T_out'] += cj          # x (b+5) bits
            if full:
                out['P_in'] += ri / 2; out['P_outc'] += cj; out['n_pe_calls'] += 1
            elif m['sur'] * m['suc'] > 1:
                # duplicated, copies do not fill the PEs: one PE call per PE block of the copy
                for pi in range(ceil(ri, PE)):
                    prr = min(PE, ri - pi * PE)
                    for pj in range(ceil(cj, PE)):
                        pcc = min(PE, cj - pj * PE)
                        out['P_in'] += prr / 2; out['P_outc'] += pcc; out['n_pe_calls'] += 1
            else:
                # no duplication: the tile sweeps its whole numPE x numPE grid; a grid position
                # outside the matrix charges the previous PE's figures again (NeuroSim quirk)
                last = (0.0, 0.0)
                for pi in range(TILE // PE):
                    for pj in range(TILE // PE):
                        if pi * PE < ri and pj * PE < cj:
                            last = (min(PE, ri - pi * PE) / 2, min(PE, cj - pj * PE))
                        else:
                            out['stale'] = out.get('stale', 0) + 1
                        out['P_in'] += last[0]; out['P_outc'] += last[1]; out['n_pe_calls'] += 1
    out['full'] = full
    return out

def bus_width(run_layers, mux, pipelined=True, cap=2048):
    """global bus width of the chip (NeuroSim ChipInitialize rule)."""
    S = int(run_layers[0]['subarray']); TILE = 8 * S
    w = 0.0
    for d in run_layers:
        w += (TILE + TILE / mux) * (d['T'] if pipelined else 1)
    while w > cap:
        w /= 2
    return w

def htree_pitches(Ttot):
    """chip H-tree root-to-leaf path in tile pitches (NeuroSim HTree geometry, root-leaf)."""
    r = math.ceil(math.sqrt(Ttot)); c = math.ceil(Ttot / r)
    N = math.ceil(math.log2(max(r, c)))
    xc = math.floor(math.log2(min(r, c)))
    if c - xc < 1: xc -= 1
    main = min(c - xc, xc)
    return (2 ** N - 1) + main, r, c, N
