#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the reference Documentation/netlink.rst against the spec
netlink/mdrv.yaml (the source of truth): the operations table (names,
values, do/dump/notify), both attribute tables (names, values, types) and
every enumeration, which must list exactly the spec's entries and values.
Every attribute, operation and enum of the spec must be documented.

usage: netlink_doc_test.py [SPEC [RST]]
Prints KTAP, exits 0 if every check passes, 1 if any fails, 4 (kselftest
skip) if python3-yaml is missing.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec_test import (KSFT_SKIP, TOP, Ktap, c_lower, c_upper,  # noqa: E402
                       enum_entries, numbered)


def sections(text):
    """{section title: body} for every titled section of an rst text."""
    lines = text.split('\n')
    out, title, body = {}, None, []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ''
        if line and nxt and re.fullmatch(r'[=\-~]{3,}', nxt) and \
           len(nxt) >= len(line) and not re.fullmatch(r'[=\-~ ]+', line):
            if title is not None:
                out[title] = '\n'.join(body)
            title, body = line.strip(), []
        else:
            body.append(line)
    if title is not None:
        out[title] = '\n'.join(body)
    return out


def table_rows(body):
    """Rows of the first simple table in @body: lists of cell texts (a
    continuation line, first cell empty, is folded into the row above)."""
    lines = body.split('\n')
    borders = [i for i, ln in enumerate(lines)
               if re.fullmatch(r'=+( +=+)+', ln.strip())]
    if len(borders) < 2:
        return []
    cols = [(m.start(), m.end()) for m in re.finditer(r'=+', lines[borders[0]])]
    # a table with a header row has three borders: rows after the second
    start = borders[1] if len(borders) >= 3 else borders[0]
    end = borders[2] if len(borders) >= 3 else borders[1]
    rows = []
    for ln in lines[start + 1:end]:
        if not ln.strip():
            continue
        cells = []
        for k, (a, b) in enumerate(cols):
            stop = cols[k + 1][0] if k + 1 < len(cols) else len(ln)
            cells.append(ln[a:stop].strip())
        if cells[0] == '' and rows:
            continue
        rows.append(cells)
    return rows


def lit(cell):
    m = re.match(r'``([^`]+)``', cell)
    return m.group(1) if m else None


def main(argv):
    spec_path = argv[1] if len(argv) > 1 else os.path.join(
        TOP, 'netlink', 'mdrv.yaml')
    rst_path = argv[2] if len(argv) > 2 else os.path.join(
        TOP, 'Documentation', 'netlink.rst')
    try:
        import yaml
    except ImportError:
        print('TAP version 13')
        print('1..0 # SKIP python3-yaml is not installed')
        return KSFT_SKIP
    t = Ktap()
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    with open(rst_path) as f:
        secs = sections(f.read())
    print('# spec: %s' % spec_path)
    print('# doc:  %s' % rst_path)

    # ---- operations: the table of "Permissions and ownership"
    ops = spec['operations']['list']
    want = {}
    for op, val in numbered(ops):
        kinds = [k for k in ('do', 'dump') if k in op]
        if 'event' in op:
            kinds.append('notify')
        want[c_upper(op['name'])] = (val, kinds)
    rows = table_rows(secs.get('Permissions and ownership', ''))
    have = {lit(r[0]): (int(r[1]), [k.strip() for k in r[2].split(',')])
            for r in rows if lit(r[0])}
    problems = ['%s: spec %s, doc %s' % (n, want.get(n), have.get(n))
                for n in sorted(set(want) | set(have))
                if want.get(n) != have.get(n)]
    t.check('operations table: %d operations, values and do/dump/notify'
            % len(want), problems)

    # ---- attribute sets
    sets = {s['name']: s for s in spec['attribute-sets']}
    for title, sname, prefix in (
            ('Device set (``MDRV_A_*``)', 'dev', ''),
            ('Register set (``MDRV_A_REG_*``), nested in ``MDRV_A_REG``',
             'reg', 'REG_')):
        want = {}
        for a, val in numbered(sets[sname]['attributes']):
            want[prefix + c_upper(a['name'])] = (val, a['type'])
        rows = table_rows(secs.get(title, ''))
        have = {}
        for r in rows:
            if lit(r[1]):
                have[lit(r[1])] = (int(r[0]), r[2].split('[')[0] or None)
        problems = []
        for n in sorted(set(want) | set(have)):
            w, h = want.get(n), have.get(n)
            if w is None or h is None:
                problems.append('%s: %s' % (n, 'not in the spec' if w is None
                                            else 'not documented'))
            elif w[0] != h[0] or (h[1] and h[1] != w[1]):
                problems.append('%s: spec %d %s, doc %d %s' %
                                (n, w[0], w[1], h[0], h[1]))
        t.check('attribute set %s: %d attributes, values and types'
                % (sname, len(want)), problems)

    # ---- enumerations (flags: one bit per entry)
    for d in spec['definitions']:
        if d['type'] not in ('enum', 'flags'):
            continue
        title = 'enum ' + c_lower(d.get('enum-name', 'mdrv-' + d['name']))
        prefix = d.get('name-prefix', 'mdrv-%s-' % d['name'])
        if d['type'] == 'flags':
            want = {c_upper(prefix + str(e['name'] if isinstance(e, dict)
                                        else e)): 1 << i
                    for i, e in enumerate(d['entries'])}
        else:
            want = {c_upper(prefix + n): v for n, v in enum_entries(d)}
        if title not in secs:
            t.check('%s documented' % title, ['no section "%s"' % title])
            continue
        have = {lit(r[1]): int(r[0], 0)
                for r in table_rows(secs[title]) if lit(r[1])}
        problems = ['%s: spec %s, doc %s' % (n, want.get(n), have.get(n))
                    for n in sorted(set(want) | set(have))
                    if want.get(n) != have.get(n)]
        t.check('%s: %d entries, values' % (title, len(want)), problems)
    return t.finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
