#!/usr/bin/env python3
"""The two tables of docs/design_space.md, from a run of configs/sweeps/design_space.yaml.

    pimscope sweep configs/sweeps/design_space.yaml --out out/design_space --jobs 2
    python3 tools/design_space_tables.py out/design_space/results.csv [../shared/reference]

Prints, in Markdown: one row per axis step of the grid (true and study figures, the
bottleneck), the bottleneck counts over the whole grid, and the model / reference ratios of
every reference run (the 65 nm run's timed figures in brackets: its clock is the
reference's artefact).
"""
import csv
import os
import sys
from collections import Counter


def load(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def num(row, key):
    return float(row[key])


def grid_point(rows, sub, mux, adc, node):
    for r in rows:
        if (r['part'] == 'grid' and r['array.rows'] == str(sub) and r['array.columns_per_adc'] == str(mux)
                and r['adc.type'] == adc and r['technology.node_nm'] == str(node)):
            return r
    raise SystemExit(f'no grid point {sub}x{sub}, {mux} columns per ADC, {adc}, {node} nm')


AXIS_STEPS = [(64, 8, 'mlsa', 22), (128, 8, 'mlsa', 22), (256, 8, 'mlsa', 22), (128, 1, 'mlsa', 22),
              (128, 2, 'mlsa', 22), (128, 4, 'mlsa', 22), (128, 16, 'mlsa', 22), (128, 8, 'sar', 22),
              (128, 8, 'mlsa', 14), (128, 8, 'mlsa', 32), (128, 8, 'mlsa', 45), (128, 8, 'mlsa', 65),
              (128, 8, 'mlsa', 90), (128, 8, 'mlsa', 130)]


def g(x):
    return '%.4g' % x


def axis_table(rows):
    print('| subarray | cols/ADC | ADC | node (nm) | true area (mm²) | true time/image (µs) | true energy/image (µJ) '
          '| true TOPS/W | study clock (ns) | study latency (ms) | study dynamic energy (µJ) | bottleneck (stage, resource) |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for sub, mux, adc, node in AXIS_STEPS:
        r = grid_point(rows, sub, mux, adc, node)
        resource = r['run.bottleneck.limiting_resource'].split('.')
        print('| %d | %d | %s | %d | %s | %s | %s | %s | %.3g | %s | %s | %s (%s %s) |' % (
            sub, mux, adc, node, g(num(r, 'run.chip.chip_area_m2') * 1e6), g(num(r, 'run.timing.time_per_image_s') * 1e6),
            g(num(r, 'run.energy.per_image_j') * 1e6), g(num(r, 'run.tops_per_w')),
            num(r, 'run.study.clock_period_s') * 1e9, g(num(r, 'run.study.latency_per_image_s') * 1e3),
            g(num(r, 'run.study.dynamic_energy_j') * 1e6), r['run.bottleneck.critical_stage'],
            resource[-2].replace('_', ' '), resource[-1]))
    counts = Counter((r['run.bottleneck.critical_stage'], r['run.bottleneck.limiting_resource'])
                     for r in rows if r['part'] == 'grid')
    print()
    for (stage, resource), n in counts.most_common():
        print(f'- {n} points: `{stage}`, `{resource}`')


def run_label(run, r):
    bits = r['adc-bits']
    if run.startswith('resnet_base'):
        return f'base, ADC {bits}'
    if 'sub64' in run:
        return 'subarray 64×64'
    if 'mux' in run:
        m = r['array.columns_per_adc']
        return f"{m} column{'' if m == '1' else 's'} per ADC (ADC {bits})"
    if 'nopipe' in run:
        return f'layer by layer, ADC {bits}'
    if 'sram' in run:
        return f'SRAM cells, ADC {bits}'
    if 'nm' in run:
        return f"{r['technology.node_nm']} nm"
    return f'SAR, ADC {bits}'


def reference_table(rows, reference_dir):
    refs = {}
    for name in ('neurosim_public_chip.csv', 'neurosim_committed_chip.csv'):
        for ref in load(os.path.join(reference_dir, name)):
            if ref['run'].startswith('resnet'):
                refs[(ref['subarray'], ref['columns_per_adc'], ref['adc_type'], ref['tech_nm'], ref['adc_bits'],
                      ref['mode'], ref['device'])] = ref
    print('| run | area | clock | latency | dynamic energy | leakage | TOPS/W | FPS |')
    print('|---|---|---|---|---|---|---|---|')
    for r in rows:
        if r['part'] != 'reference_runs':
            continue
        ref = refs[(r['array.rows'], r['array.columns_per_adc'], r['adc.type'], r['technology.node_nm'], r['adc-bits'],
                    r['pipeline.mode'], r['device.type'])]
        ratios = [num(r, 'run.study.chip_area_m2') * 1e6 / num(ref, 'chip_area_mm2'),
                  num(r, 'run.study.clock_period_s') * 1e9 / num(ref, 'clock_period_ns'),
                  num(r, 'run.study.latency_per_image_s') * 1e3 / num(ref, 'latency_per_image_ms'),
                  num(r, 'run.study.dynamic_energy_j') * 1e6 / num(ref, 'dynamic_energy_uj'),
                  num(r, 'run.study.leakage_energy_j') * 1e6 / num(ref, 'leakage_energy_uj'),
                  num(r, 'run.study.tops_per_w') / num(ref, 'tops_per_w'),
                  num(r, 'run.study.fps') / num(ref, 'fps')]
        timed = {1, 2, 4, 5, 6}   # clock, latency, leakage, TOPS/W, FPS follow the clock
        cells = ['(%.3f)' % v if r['technology.node_nm'] == '65' and i in timed else '%.3f' % v
                 for i, v in enumerate(ratios)]
        print('| %s | %s |' % (run_label(ref['run'], r), ' | '.join(cells)))


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    rows = load(sys.argv[1])
    reference_dir = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'reference')
    axis_table(rows)
    print()
    reference_table(rows, reference_dir)


if __name__ == '__main__':
    main()
