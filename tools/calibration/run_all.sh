#!/bin/sh
# Regenerate every table of REPORT.md (one core; the pimscope binary is only read and run).
set -e
cd "$(dirname "$0")"
PY=/usr/bin/python3
$PY check_map.py                      > out/check_map.txt
$PY run_current.py > out/run_current.txt || echo "run_current: kept the stored out/current_layers.csv"
$PY compare_current.py e              > out/current_energy.txt
$PY compare_current.py t              > out/current_latency.txt
$PY perrun_fit.py | cut -d'|' -f1     > out/perrun_buffer.txt
$PY perrun_ic.py                      > out/perrun_ic.txt
$PY variants.py                       > out/variants.txt
$PY final_model.py                    > out/final_model.txt
$PY other_runs.py                     > out/other_runs.txt
$PY adc_model.py                      > out/adc_model.txt
$PY total_model.py                    > out/total_model.txt
$PY total_model.py --phys             > out/total_model_phys.txt
$PY evidence.py                       > out/evidence.md
$PY latency_check.py                  > out/latency_current.txt
$PY buffer_latency.py                 > out/buffer_latency.txt
$PY ic_latency.py                     > out/ic_latency.txt
$PY shares.py > out/shares.txt
$PY per_csv.py > out/per_csv.txt
