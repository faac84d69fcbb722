#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that netlink/mdrv.yaml (the YNL spec, source of truth) and
netlink/mdrv_genl.h (the hand-written uAPI header) declare the same family.

usage: spec_test.py [SPEC [HEADER]]
       (or MDRV_SPEC=... MDRV_GENL_H=... spec_test.py; arguments win)

Prints KTAP (TAP version 13), exits 0 if every check passes, 1 if any fails,
4 (kselftest skip) if python3-yaml is missing.

Naming rule: the one YNL's C generator (ynl_gen_c.py) uses. The C name of a
YAML name is c_upper(prefix + name), where c_upper() upper-cases and turns
'-' into '_'; C enum tags use c_lower() (lower case, '-' -> '_').

  what                 C name                        default prefix/name
  family name          c_upper(c-family-name)        <family>-family-name
  family version       c_upper(c-version-name)       <family>-family-version
  const definition     c_upper(name-prefix + name)   <family>-
  enum definition tag  c_lower(enum-name)            <family>-<name>
  enum entry           c_upper(name-prefix + entry)  <family>-<name>-
  attribute            c_upper(name-prefix + attr)   <family>-a-<set>-
                                                     (<family>-a- for the
                                                     set named <family>)
  attribute count/max  c_upper(attr-cnt-name/-max-)  __<prefix>max/<prefix>max
  command              c_upper(name-prefix + op)     <family>-cmd-
  command count/max    c_upper(cmd-cnt-name/-max-)   __<prefix>max/<prefix>max
  multicast group      c_upper(c-define-name)        <family>-mcgrp-<name>

  e.g. reg-space entry "mmio", name-prefix mdrv-reg-  <->  MDRV_REG_MMIO
       dev attribute "rx-buf-len", name-prefix mdrv-a-  <->  MDRV_A_RX_BUF_LEN

Values follow YNL too: an enum definition counts from value-start (default 0),
attributes and commands from 1; an explicit 'value' resets the count.

The attribute types are checked against the header's trailing comments,
whose first word is the type: "u32", "string", "binary[6]" (exact-len 6),
"nest"; "repeated" means multi-attr; "enum mdrv_x" names the enum definition.
"""
import os
import re
import sys

KSFT_SKIP = 4

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


# ---------------------------------------------------------------- C header

class CEnum:
    def __init__(self, tag):
        self.tag = tag          # None for an anonymous enum
        self.members = []       # [(name, value, comment or None)]

    def names(self):
        return [m[0] for m in self.members]


def c_eval(expr, symbols):
    """Value of an enumerator initialiser: integers, known names, + - ( )."""
    def sub(m):
        word = m.group(0)
        lit = re.fullmatch(r'(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*', word)
        if lit:
            return str(int(lit.group(1), 0))
        if word in symbols:
            return str(symbols[word])
        raise ValueError("unknown name '%s' in '%s'" % (word, expr))
    text = re.sub(r'\b\w+\b', sub, expr)
    if not re.fullmatch(r'[0-9+\-*()<>|\s]*', text):
        raise ValueError("cannot evaluate '%s'" % expr)
    return int(eval(text, {'__builtins__': {}}, {}))  # digits and operators


def parse_header(text):
    """Return (enums, defines, symbols) of a uAPI header."""
    comments = []

    def keep_comment(m):
        comments.append(' '.join(m.group(1).replace('*', ' ').split()))
        return '@C%d@' % (len(comments) - 1)

    body = re.sub(r'/\*(.*?)\*/', keep_comment, text, flags=re.S)
    body = re.sub(r'//[^\n]*', '', body)

    defines = {}
    for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]*([^\n]*)$',
                         body, re.M):
        value = re.sub(r'@C\d+@', '', m.group(2)).strip()
        sm = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', value)
        if sm:
            defines[m.group(1)] = sm.group(1)
        elif re.fullmatch(r'\(?\s*(0[xX][0-9a-fA-F]+|[0-9]+)\s*\)?', value):
            defines[m.group(1)] = int(value.strip('() '), 0)
        else:
            defines[m.group(1)] = value

    symbols = {k: v for k, v in defines.items() if isinstance(v, int)}
    enums = []
    for m in re.finditer(r'\benum\s*(\w*)\s*\{(.*?)\}\s*;', body, re.S):
        en = CEnum(m.group(1) or None)
        value = -1
        for piece in m.group(2).split(','):
            im = re.search(r'(?<![@\w])[A-Za-z_]\w*', piece)
            start = im.start() if im else len(piece)
            # A comment after the comma, on the same line, belongs to the
            # enumerator before it; one on a line of its own is a heading.
            lead = piece[:start].split('\n', 1)[0]
            cm = re.search(r'@C(\d+)@', lead)
            if cm and en.members and en.members[-1][2] is None:
                n, v, _ = en.members[-1]
                en.members[-1] = (n, v, comments[int(cm.group(1))])
            if not im:
                continue
            decl = piece[start:]
            cm = re.search(r'@C(\d+)@', decl.split('\n', 1)[0])
            own = comments[int(cm.group(1))] if cm else None
            decl = re.sub(r'@C\d+@', ' ', decl).strip()
            em = re.fullmatch(r'(\w+)\s*(?:=\s*(.+))?', decl, re.S)
            if not em:
                raise ValueError("cannot parse enumerator '%s'" % decl)
            name = em.group(1)
            value = c_eval(em.group(2), symbols) if em.group(2) else value + 1
            symbols[name] = value
            en.members.append((name, value, own))
        enums.append(en)
    return enums, defines, symbols


# ---------------------------------------------------------------- YAML spec

def enum_entries(d):
    """[(entry name, value, doc)] of an enum definition, YNL's numbering."""
    out = []
    value = d.get('value-start', 0)
    if isinstance(value, str):
        value = int(value, 0)
    for i, e in enumerate(d.get('entries', [])):
        if isinstance(e, dict):
            if 'value' in e:
                value = e['value']
            elif i:
                value += 1
            out.append((str(e['name']), value))
        else:
            value = value + 1 if i else value
            out.append((str(e), value))
    return out


def numbered(items, start=1):
    """[(item, value)] with explicit 'value' or previous + 1."""
    out, value = [], start - 1
    for it in items:
        value = it['value'] if 'value' in it else value + 1
        out.append((it, value))
    return out


# ---------------------------------------------------------------- KTAP

class Ktap:
    def __init__(self):
        self.results = []   # (ok, title, [diagnostics])

    def check(self, title, problems, notes=()):
        """One test point: fails if there are problems; notes never fail."""
        self.results.append((not problems, title, list(notes) + problems))

    def finish(self):
        print('TAP version 13')
        print('1..%d' % len(self.results))
        fails = 0
        for i, (ok, title, diags) in enumerate(self.results, 1):
            for d in diags:
                print('# ' + d)
            print('%s %d - %s' % ('ok' if ok else 'not ok', i, title))
            fails += not ok
        print('# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0' %
              (len(self.results) - fails, fails))
        return 1 if fails else 0


def compare_members(want, enum, skip=()):
    """want: [(C name, value)]; enum: CEnum. Problems, both ways."""
    problems = []
    have = {n: v for n, v, _ in enum.members if n not in skip}
    for name, value in want:
        if name not in have:
            problems.append('%s (= %d) is in the spec, not in the header' %
                            (name, value))
        elif have[name] != value:
            problems.append('%s: spec %d, header %d' %
                            (name, value, have[name]))
    wanted = {n for n, _ in want}
    for name, value in have.items():
        if name not in wanted:
            problems.append('%s (= %d) is in the header, not in the spec' %
                            (name, value))
    return problems


def check_trailer(cnt, mx, last, symbols):
    problems = []
    if cnt not in symbols:
        problems.append('%s missing from the header' % cnt)
    elif symbols[cnt] != last + 1:
        problems.append('%s is %d, the last value + 1 is %d' %
                        (cnt, symbols[cnt], last + 1))
    if mx not in symbols:
        problems.append('%s missing from the header' % mx)
    elif symbols[mx] != last:
        problems.append('%s is %d, the last value is %d' %
                        (mx, symbols[mx], last))
    return problems


TYPE_RE = re.compile(r'(u8|u16|u32|u64|s8|s16|s32|s64|uint|sint|string|'
                     r'nest|flag|binary)(?:\[(\w+)\])?(?!\w)(.*)', re.S)


def check_types(aset, cnames, cmembers, enum_tags, set_prefixes):
    """Attribute types, multi-attr, lengths and enums vs header comments."""
    problems, notes = [], []
    comment = {n: c for n, _, c in cmembers}
    for attr in aset['attributes']:
        name = attr['name']
        cname = cnames[name]
        text = comment.get(cname)
        atype = attr.get('type')
        if text is None or not TYPE_RE.match(text):
            if cname in comment and atype not in ('pad', 'unused'):
                notes.append('%s: the header comment gives no type' % cname)
            continue
        m = TYPE_RE.match(text)
        ctype, clen, rest = m.group(1), m.group(2), m.group(3)
        quals = rest.split(':', 1)[0]
        if ctype != atype:
            problems.append('%s: header says %s, spec says %s' %
                            (cname, ctype, atype))
        checks = attr.get('checks', {})
        if clen is not None:
            want = int(clen, 0) if clen[0].isdigit() else clen
            if checks.get('exact-len') != want:
                problems.append('%s: header says %s[%s], spec exact-len %s' %
                                (cname, ctype, clen, checks.get('exact-len')))
        multi = bool(re.search(r'\brepeated\b', quals))
        if multi != bool(attr.get('multi-attr', False)):
            problems.append('%s: header says %s, spec multi-attr: %s' %
                            (cname, 'repeated' if multi else 'not repeated',
                             bool(attr.get('multi-attr', False))))
        em = re.search(r'\benum\s+(\w+)', quals)
        if em:
            tag = enum_tags.get(attr.get('enum'))
            if tag != em.group(1):
                problems.append('%s: header says enum %s, spec enum: %s' %
                                (cname, em.group(1), attr.get('enum')))
        if ctype == 'nest':
            pm = re.search(r'\b(\w+?)_\*', rest)
            nested = attr.get('nested-attributes')
            if pm and nested in set_prefixes and \
                    set_prefixes[nested] != pm.group(1) + '_':
                problems.append('%s: header nests %s_*, spec set %s is %s*' %
                                (cname, pm.group(1), nested,
                                 set_prefixes[nested]))
    return problems, notes


def main(argv):
    spec_path = argv[1] if len(argv) > 1 else os.environ.get(
        'MDRV_SPEC', os.path.join(TOP, 'netlink', 'mdrv.yaml'))
    hdr_path = argv[2] if len(argv) > 2 else os.environ.get(
        'MDRV_GENL_H', os.path.join(TOP, 'netlink', 'mdrv_genl.h'))

    try:
        import yaml
    except ImportError:
        print('TAP version 13')
        print('1..0 # SKIP python3-yaml is not installed')
        return KSFT_SKIP

    t = Ktap()
    try:
        with open(spec_path) as f:
            spec = yaml.safe_load(f)
        with open(hdr_path) as f:
            enums, defines, symbols = parse_header(f.read())
    except (OSError, ValueError, yaml.YAMLError) as e:
        t.check('parse %s and %s' % (spec_path, hdr_path), [str(e)])
        return t.finish()
    print('# spec:   %s' % spec_path)
    print('# header: %s' % hdr_path)

    fam = spec['name']
    used_enums = set()          # ids of header enums matched by the spec
    used_defines = set()

    def find_enum(cname):
        for en in enums:
            if cname in en.names():
                return en
        return None

    # -- family name and version
    key = c_upper(spec.get('c-family-name', fam + '-family-name'))
    used_defines.add(key)
    t.check('family name: %s "%s"' % (key, fam),
            [] if defines.get(key) == fam else
            ['header: %s is %r, spec name: %r' % (key, defines.get(key), fam)])
    key = c_upper(spec.get('c-version-name', fam + '-family-version'))
    ver = spec.get('version', 1)
    used_defines.add(key)
    t.check('family version: %s %d' % (key, ver),
            [] if defines.get(key) == ver else
            ['header: %s is %r, spec version: %r' %
             (key, defines.get(key), ver)])

    # -- definitions
    enum_tags = {}
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            key = c_upper(d.get('name-prefix', fam + '-') + d['name'])
            used_defines.add(key)
            want = d['value']
            t.check('const %s: %s %s' % (d['name'], key, want),
                    [] if defines.get(key) == want else
                    ['header: %s is %r, spec value: %r' %
                     (key, defines.get(key), want)])
            continue
        if d['type'] not in ('enum', 'flags'):
            t.check('definition %s' % d['name'],
                    ['type %s is not checked by this test' % d['type']])
            continue
        tag = d['enum-name'] if 'enum-name' in d else fam + '-' + d['name']
        tag = c_lower(tag) if tag else None
        enum_tags[d['name']] = tag
        pfx = d.get('name-prefix', '%s-%s-' % (fam, d['name']))
        if d['type'] == 'flags':
            vals = [(n, 1 << v) for n, v in enum_entries(d)]
        else:
            vals = enum_entries(d)
        want = [(c_upper(pfx + n), v) for n, v in vals]
        problems = []
        en = find_enum(want[0][0]) if want else None
        if en is None:
            problems.append('no enum in the header has %s' %
                            (want[0][0] if want else '(no entries)'))
        else:
            used_enums.add(id(en))
            if en.tag != tag:
                problems.append('header enum tag %s, spec %s' % (en.tag, tag))
            skip = ()
            if d.get('render-max'):
                mx = c_upper(pfx + 'max')
                skip = ('__' + mx, mx)
                problems += check_trailer(skip[0], skip[1], want[-1][1],
                                          symbols)
            problems += compare_members(want, en, skip)
        t.check('enum %s: %s %s' % (d['name'], 'enum ' + tag if tag else
                                    'anonymous enum', ', '.join(
                                        '%s=%d' % w for w in want)),
                problems)

    # -- attribute sets
    sets = {s['name']: s for s in spec.get('attribute-sets', [])}
    set_prefixes = {}
    for s in spec.get('attribute-sets', []):
        if s['name'] == fam:
            pfx = s.get('name-prefix', fam + '-a-')
        else:
            pfx = s.get('name-prefix', '%s-a-%s-' % (fam, s['name']))
        set_prefixes[s['name']] = c_upper(pfx)
    for s in spec.get('attribute-sets', []):
        if 'subset-of' in s:
            continue
        pfx = set_prefixes[s['name']]
        cnames = {a['name']: c_upper(pfx + a['name'])
                  for a in s['attributes']}
        want = [(cnames[a['name']], v) for a, v in numbered(s['attributes'])]
        problems = []
        en = find_enum(want[0][0]) if want else None
        if en is None:
            problems.append('no enum in the header has %s' %
                            (want[0][0] if want else '(no attributes)'))
            t.check('attribute set %s' % s['name'], problems)
            continue
        used_enums.add(id(en))
        cnt = c_upper(s.get('attr-cnt-name', '__' + pfx + 'max'))
        mx = c_upper(s.get('attr-max-name', pfx + 'max'))
        problems += check_trailer(cnt, mx, want[-1][1], symbols)
        problems += compare_members(want, en, (cnt, mx))
        t.check('attribute set %s: %d attributes %s..%s, %s, %s' %
                (s['name'], len(want), want[0][0], want[-1][0], cnt, mx),
                problems)
        problems, notes = check_types(s, cnames, en.members, enum_tags,
                                      set_prefixes)
        t.check('attribute set %s: types, multi-attr, lengths and enums '
                'match the header comments' % s['name'], problems, notes)

    # -- operations
    ops = spec['operations']
    problems = []
    if ops.get('enum-model', 'unified') != 'unified':
        problems.append('enum-model %s is not checked by this test' %
                        ops['enum-model'])
    pfx = c_upper(ops.get('name-prefix', fam + '-cmd-'))
    want = [(pfx + c_upper(o['name']), v) for o, v in numbered(ops['list'])]
    en = find_enum(want[0][0]) if want else None
    cnt = c_upper(spec.get('cmd-cnt-name', '__' + pfx + 'MAX'))
    mx = c_upper(spec.get('cmd-max-name', pfx + 'MAX'))
    if en is None:
        problems.append('no enum in the header has %s' %
                        (want[0][0] if want else '(no operations)'))
    else:
        used_enums.add(id(en))
        problems += check_trailer(cnt, mx, want[-1][1], symbols)
        problems += compare_members(want, en, (cnt, mx))
    t.check('commands: %d, %s..%s, %s, %s' %
            (len(want), want[0][0] if want else '-',
             want[-1][0] if want else '-', cnt, mx), problems)

    # -- multicast groups
    groups = [g['name'] for g in spec.get('mcast-groups', {}).get('list', [])]
    for g in spec.get('mcast-groups', {}).get('list', []):
        key = c_upper(g.get('c-define-name', '%s-mcgrp-%s' % (fam, g['name'])))
        used_defines.add(key)
        t.check('multicast group: %s "%s"' % (key, g['name']),
                [] if defines.get(key) == g['name'] else
                ['header: %s is %r, spec group: %r' %
                 (key, defines.get(key), g['name'])])

    # -- references inside the spec
    problems = []
    defs = {d['name'] for d in spec.get('definitions', [])}
    for s in spec.get('attribute-sets', []):
        if 'subset-of' in s and s['subset-of'] not in sets:
            problems.append('set %s: subset-of unknown set %s' %
                            (s['name'], s['subset-of']))
        for a in s['attributes']:
            if 'nested-attributes' in a and a['nested-attributes'] not in sets:
                problems.append('%s.%s: unknown nested set %s' %
                                (s['name'], a['name'], a['nested-attributes']))
            if 'enum' in a and a['enum'] not in defs:
                problems.append('%s.%s: unknown enum %s' %
                                (s['name'], a['name'], a['enum']))
    op_names = {o['name'] for o in ops['list']}
    nrefs = 0
    for o in ops['list']:
        aset = sets.get(o.get('attribute-set'))
        if 'attribute-set' in o and aset is None:
            problems.append('op %s: unknown attribute set %s' %
                            (o['name'], o['attribute-set']))
        attrs = {a['name'] for a in aset['attributes']} if aset else set()
        lists = []
        for mode in ('do', 'dump'):
            for part in ('request', 'reply'):
                lst = o.get(mode, {}).get(part, {}).get('attributes')
                if lst is not None:
                    lists.append(('%s %s' % (mode, part), lst))
        if 'event' in o:
            lists.append(('event', o['event'].get('attributes', [])))
        for where, lst in lists:
            for a in lst:
                nrefs += 1
                if a not in attrs:
                    problems.append('op %s, %s: attribute %s is not in set %s'
                                    % (o['name'], where, a,
                                       o.get('attribute-set')))
        if 'notify' in o and o['notify'] not in op_names:
            problems.append('op %s: notify names unknown op %s' %
                            (o['name'], o['notify']))
        if 'mcgrp' in o and o['mcgrp'] not in groups:
            problems.append('op %s: unknown multicast group %s' %
                            (o['name'], o['mcgrp']))
        if not any(k in o for k in ('do', 'dump', 'event', 'notify')):
            problems.append('op %s: neither do, dump, event nor notify' %
                            o['name'])
    t.check('spec references: %d op attribute references, nests, enums, '
            'groups resolve' % nrefs, problems)

    # -- privileges: only the device listing is open to everyone
    problems = []
    for o in ops['list']:
        if 'do' not in o and 'dump' not in o:
            continue
        admin = 'admin-perm' in o.get('flags', [])
        if o['name'] == 'dev-get' and admin:
            problems.append('dev-get must stay unprivileged')
        elif o['name'] != 'dev-get' and not admin:
            problems.append('op %s lacks admin-perm' % o['name'])
    t.check('privileges: admin-perm on every op but dev-get', problems)

    # -- nothing in the header that the spec does not declare
    problems = []
    for en in enums:
        if id(en) not in used_enums:
            problems.append('header enum %s (%s) is not in the spec' %
                            (en.tag or '(anonymous)',
                             ', '.join(en.names()[:3])))
    for key, value in defines.items():
        if key not in used_defines and value != '':   # include guard
            problems.append('header #define %s is not in the spec' % key)
    t.check('header declares nothing the spec does not', problems)

    return t.finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
