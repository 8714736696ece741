import common
rows = common.layers()
R = common.runs(rows)
def show(csv, run):
    L = R[(csv, run)]
    print('==', csv, run, 'pitch %.3f mm, Ttot %d' % (L[0]['pitch_mm'], L[0]['Ttot']))
    print('%3s %4s %3s %5s %5s %3s %3s %4s %6s | %9s %9s %9s %9s | %7s %7s' % ('L','H','k','C','K','T','D','pool','W','buf/W','ic/W','adc/W','acc/W','buf/kkCW','ic/kkCW'))
    for d in L:
        W = d['W']
        print('%3d %4d %3d %5d %5d %3d %3d %4d %6d | %9.1f %9.1f %9.1f %9.1f | %7.3f %7.3f' % (d['layer'], d['H'], d['k'], d['C'], d['K'], d['T'], d['D'], d['pool'], W,
              d['buffer_energy_pj']/W, d['interconnect_energy_pj']/W, d['adc_energy_pj']/W, d['accumulation_energy_pj']/W,
              d['buffer_energy_pj']/W/d['kkC'], d['interconnect_energy_pj']/W/d['kkC']))
import sys
for a in sys.argv[1:]:
    c, r = a.split(':'); show(c, r)
