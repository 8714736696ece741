import common, counts
rows = common.layers()
bad = 0
for (c, r), L in common.runs(rows).items():
    mx = max(d['H'] for d in L)
    for d in L:
        m = counts.mapping(d, pipelined=d['mode'] == 'pipelined', max_ifm=mx)
        if m['tiles'] != d['T'] or m['dup'] != d['D']:
            bad += 1
            print(c, r, int(d['layer']), 'map', m['tiles'], m['dup'], 'ref', d['T'], d['D'])
print('mismatches', bad, 'of', len(rows))
