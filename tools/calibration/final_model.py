"""The proposed buffer / interconnect energy formulas with ONE set of constants (fitted by
fit_final() over every 22 nm RRAM layer of all reference layer CSVs together) and the
technology factors per node (tech-file data: physical prediction and fitted value)."""
import numpy as np, model, math
from scipy.optimize import least_squares

OUT_EXTRA_TILE = 1 # tile output buffer: (b+6)-bit words (1 + the tile adder's b+5 bits) + ~1 bit-equivalent per output (decoder share)
OUT_EXTRA_PE = 1   # PE output DFFs: (b+2)-bit PE-adder inputs + ~1

def buffer_bits(f):
    """(global, tile-input, partial-sum) bit counts per window."""
    return np.array([f['bG'], f['bTI'], f['bTO'] + OUT_EXTRA_TILE * f['bTOc'] + f['bPO'] + OUT_EXTRA_PE * f['bPOc']])

KAPPA_T = 1.0   # tile H-tree path = 0.5 PE height + 1.5 PE width = 2 PE pitches = 1 tile pitch
def ic_bitlen(f, wp=None, hp=None):
    """(H-tree bit*mm: chip path + tile path, PE bus bit*mm: 3 w_sub input + 3 h_sub output) per window;
    w_sub = array width + WP_F*F (row periphery), h_sub = array height + (mux+ADC area)/array width + HP_F*F."""
    wp = WP_F if wp is None else wp; hp = HP_F if hp is None else hp
    return np.array([f['iG'] + KAPPA_T * f['iT'], f['iPI'] + wp * f['iPIn'] + f['iPO'] + hp * f['iPOn']])
WP_F, HP_F = 8400.0, 0.0

# physical technology factors relative to 22 nm (NeuroSim V1.3's LP cards: VDD; gate cap per width)
VDD = {14: 0.80, 22: 0.85, 65: 1.10, 130: 1.30}
CG = {14: 1.0572, 22: 1.2 * 0.5245 + 0.8004, 65: 1.2 * 1.1926 + 0.962, 130: 1.2 * 1.8574 + 0.953}  # fF/um
def s_wire_phys(n): return (VDD[n] / VDD[22]) ** 2
def s_dig_phys(n): return CG[n] * n * VDD[n] ** 2 / (CG[22] * 22 * VDD[22] ** 2)

def fit(rows, target, fn, n):
    sel = [d for d in rows if int(d['tech_nm']) == 22 and d['device'] == 'rram']
    X = np.array([fn(d['_f']) for d in sel]); y = np.array([d[target] / d['W'] for d in sel])
    r = least_squares(lambda lp: np.log(X @ np.exp(lp) / y), np.log(np.full(n, 1e-2)))
    return np.exp(r.x)

def fit_final(rows):
    cb = fit(rows, 'buffer_energy_pj', buffer_bits, 3)
    ci = fit_ic(rows)
    # technology factors per node: one multiplier for the buffers (digital), one for the wires
    # (the PE input term follows the wires times F/22 nm), log-LSQ on that node's layers
    tech = {22: (1.0, 1.0)}
    for n in (14, 65, 130):
        sel = [d for d in rows if int(d['tech_nm']) == n]
        pb = np.array([buffer_bits(d['_f']) @ cb for d in sel]); yb = np.array([d['buffer_energy_pj'] / d['W'] for d in sel])
        sd = math.exp(np.mean(np.log(yb / pb)))
        yi = np.array([d['interconnect_energy_pj'] / d['W'] for d in sel])
        def res(ls):
            sw = math.exp(ls[0])
            return np.log(np.array([ic_of(d, ci, sw, n) for d in sel]) / yi)
        sw = math.exp(least_squares(res, [0.0]).x[0])
        tech[n] = (sd, sw)
    return cb, ci, tech

def ic_of(d, ci, sw, n):
    ib = ic_bitlen(d['_f']) * ci
    return sw * (ib[0] + ib[1])

def fit_ic(rows):
    """E_w (H-trees), E_b (PE buses), row-periphery width WP_F and column-periphery height HP_F (in F)."""
    global WP_F, HP_F
    sel = [d for d in rows if int(d['tech_nm']) == 22 and d['device'] == 'rram']
    F = [d['_f'] for d in sel]; y = np.array([d['interconnect_energy_pj'] / d['W'] for d in sel])
    def res(x):
        ew, eb, wp, hp = np.exp(x[0]), np.exp(x[1]), x[2] * 1000, x[3] * 1000
        return np.log(np.array([ew * (f['iG'] + KAPPA_T * f['iT']) + eb * (f['iPI'] + wp * f['iPIn'] + f['iPO'] + hp * f['iPOn']) for f in F]) / y)
    r = least_squares(res, [np.log(0.047), np.log(0.06), 8.0, 0.0])
    WP_F, HP_F = r.x[2] * 1000, r.x[3] * 1000
    return np.exp(r.x[:2])

def predict(d, cb, ci, tech, phys=False):
    n = int(d['tech_nm'])
    sd, sw = (s_dig_phys(n), s_wire_phys(n)) if (phys and n != 22) else tech[n]
    return d['W'] * sd * (buffer_bits(d['_f']) @ cb), d['W'] * ic_of(d, ci, sw, n)

if __name__ == '__main__':
    rows = model.all_features()
    cb, ci, tech = fit_final(rows)
    print('buffer constants fJ/bit: global %.3f, tile-input %.3f, partial-sum DFF %.3f' % tuple(cb * 1000))
    print('interconnect: H-trees %.2f fJ/(bit mm), PE buses %.2f fJ/(bit mm); row periphery %.0f F, column periphery %.0f F' % (*(ci * 1000), WP_F, HP_F))
    for n in (14, 65, 130):
        print('tech %3d nm fitted s_dig %.3f s_wire %.3f | physical s_dig %.3f s_wire %.3f' % (n, *tech[n], s_dig_phys(n), s_wire_phys(n)))
