#!/usr/bin/python3
"""The design-space constants of issue 15, fitted once over the reference runs together.

Reads ../shared/reference/ (or $PIMSCOPE_REFERENCE_DIR) and prints each fit with its residuals:

  * the sensing delay (the chip clock, docs/models.md 4.1): t = t0 + rows * t_row
    + (2^b - 1) * t_cmp + g * t_gate, g = cols / m select gates per mux line (0 at m = 1),
    least squares in relative error over every 22 nm MLSA RRAM clock of the published,
    committed and public runs (one clock per configuration);
  * technology.array_delay_exponent (4.8): the clock's node dependence as a power of
    the feature-size ratio, from the 14 and 130 nm runs (65 nm is the reference README's artefact);
  * adc.converter_leakage_w (4.1): the leakage power per added ADC beyond its comparators,
    from the 1 and 2 columns-per-ADC runs against the study's point at the same resolution.

Run: /usr/bin/python3 tools/calibration/design_space_fits.py
"""
import csv
import math
import os

import numpy as np

REF = os.environ.get("PIMSCOPE_REFERENCE_DIR",
                     os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "reference"))
COMPARATOR_LEAKAGE_W = 5.72e-11                                       # adc.comparator_leakage_w


def rows_of(name):
    with open(os.path.join(REF, name)) as f:
        return list(csv.DictReader(f))


def chip_runs():
    runs = {}
    for name in ("neurosim_committed_chip.csv", "neurosim_public_chip.csv"):
        for r in rows_of(name):
            key = (r["subarray"], r["columns_per_adc"], r["adc_bits"], r["tech_nm"], r["adc_type"], r["device"])
            runs.setdefault(key, r)
    for r in rows_of("seed_paper_hardware.csv"):   # the study's point, published
        key = ("128", "8", r["adc_bits"], "22", "mlsa", "rram")
        runs.setdefault(key, dict(r, subarray="128", columns_per_adc="8", tech_nm="22",
                                  adc_type="mlsa", device="rram", mode="pipelined"))
    return runs


def fit_clock(runs):
    pts = []
    for (sub, m, b, tech, adc, dev), r in runs.items():
        if tech != "22" or adc != "mlsa" or dev != "rram":
            continue
        rows = cols = int(sub)
        m = int(m)
        gates = cols // m if m > 1 else 0
        pts.append((rows, int(b), gates, float(r["clock_period_ns"])))
    a = np.array([[1, rows, 2 ** b - 1, g] for rows, b, g, _ in pts], float)
    y = np.array([p[3] for p in pts])
    w = np.diag(1 / y)
    x, *_ = np.linalg.lstsq(w @ a, w @ y, rcond=None)
    print("sensing delay: t0 %.4f ns, per row %.3f ps, per comparator %.3f ps, per select gate %.2f ps"
          % (x[0], x[1] * 1e3, x[2] * 1e3, x[3] * 1e3))
    for p, model in zip(pts, a @ x):
        print("  rows %3d  %d b  %2d gates: reference %.3f ns, model %.3f (%.3f)" % (p[0], p[1], p[2], p[3], model,
                                                                                  model / p[3]))


def fit_node_exponent(runs):
    base = runs[("128", "8", "5", "22", "mlsa", "rram")]
    t22 = float(base["clock_period_ns"])
    num = den = 0.0
    for node in (14, 130):
        r = runs[("128", "8", "5", str(node), "mlsa", "rram")]
        lx = math.log(node / 22)
        ly = math.log(float(r["clock_period_ns"]) / t22)
        print("  %3d nm: clock ratio %.3f, F ratio %.3f, exponent alone %.3f" % (node, math.exp(ly), math.exp(lx),
                                                                                  ly / lx))
        num += lx * ly
        den += lx * lx
    print("technology.array_delay_exponent: %.3f (least squares in log)" % (num / den))


def fit_converter_leakage():
    layers = rows_of("neurosim_public_layers.csv") + rows_of("neurosim_committed_layers.csv")

    def power_w(m, b):
        return 1e-6 * sum(float(r["leakage_power_uw"]) for r in layers
                          if r["model"] == "bresnete18" and r["columns_per_adc"] == m and r["adc_bits"] == b and
                          r["subarray"] == "128" and r["tech_nm"] == "22" and r["mode"] == "pipelined" and
                          r["adc_type"] == "mlsa" and r["device"] == "rram")

    subarrays = 77 * 64   # the study's bresnete18: 77 tiles of 8 x 8 subarrays
    for m, b in (("1", "3"), ("2", "4")):
        added = subarrays * (128 // int(m) - 16)
        extra = power_w(m, b) - power_w("8", b) - added * (2 ** int(b) - 1) * COMPARATOR_LEAKAGE_W
        print("  %s column(s) per ADC at %s b: %.3g W beyond the comparators over %d added ADCs: %.3g W each"
              % (m, b, extra, added, extra / added))


if __name__ == "__main__":
    runs = chip_runs()
    fit_clock(runs)
    fit_node_exponent(runs)
    print("adc.converter_leakage_w:")
    fit_converter_leakage()
