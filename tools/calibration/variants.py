"""Compare reduced constant sets (22 nm RRAM layers, log-ratio least squares)."""
import numpy as np, model
from scipy.optimize import least_squares
rows = model.all_features()
sel = [d for d in rows if int(d['tech_nm']) == 22 and d['device'] == 'rram']
def run(name, terms, target):
    # terms: list of lists of (feature, multiplier) sharing one constant
    X = np.array([[sum(d['_f'][k] * m for k, m in grp) for grp in terms] for d in sel])
    y = np.array([d[target] / d['W'] for d in sel])
    r = least_squares(lambda lp: np.log(X @ np.exp(lp) / y), np.log(np.full(len(terms), 1e-2)))
    c = np.exp(r.x); rat = X @ c / y
    print('%-40s %s  ratio %.3f-%.3f rms %.4f' % (name, (c * 1000).round(3), rat.min(), rat.max(), np.sqrt(np.mean(np.log(rat) ** 2))))
    return c
B = 'buffer_energy_pj'; I = 'interconnect_energy_pj'
run('buf full7', [[('bG', 1)], [('bTI', 1)], [('bTO', 1)], [('bTOc', 1)], [('bPI', 1)], [('bPO', 1)], [('bPOc', 1)]], B)
run('buf G,TI,d(TO+PO),c(TOc+POc)', [[('bG', 1)], [('bTI', 1)], [('bTO', 1), ('bPO', 1)], [('bTOc', 1), ('bPOc', 1)]], B)
run('buf G,TI,PI,d,c', [[('bG', 1)], [('bTI', 1)], [('bPI', 1)], [('bTO', 1), ('bPO', 1)], [('bTOc', 1), ('bPOc', 1)]], B)
run('buf G,TI,d(TO+PO) (+2 bits folded)', [[('bG', 1)], [('bTI', 1)], [('bTO', 1), ('bTOc', 2), ('bPO', 1), ('bPOc', 1)]], B)
run('buf G,TI,d(TO+PO+1*c)', [[('bG', 1)], [('bTI', 1)], [('bTO', 1), ('bTOc', 1), ('bPO', 1), ('bPOc', 1)]], B)
