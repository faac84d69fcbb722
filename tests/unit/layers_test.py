#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the kernel half's layering (Documentation/design.rst, "Layers").

usage: layers_test.py [KMOD_DIR]

A kmod file's layer is in its name, top to bottom:
  main.c (4), ctl_*.c (3, control plane), ch_*.c (2, channels to the user
  half), dp_*.c (1, data path), chip_*.c (0, chip tables).
Each layer has a header declaring what the layers above may call (ctl.h,
ch.h, dp.h, chip.h); hooks.h declares the only calls up.

Checks, one KTAP line each:
  - every .c file of kmod/ has a layer (a new file must say where it goes);
  - a file includes no header of a layer above its own (hooks.h: the data
    path, the channels and main.c only);
  - a file names no function defined in a file of a higher layer (calls,
    and function pointers taken for tables);
  - no two files call each other, directly or round a longer loop.
Prints KTAP, exits 0 if every check passes, 1 if any fails.
"""
import os
import re
import sys

LAYER_OF_PREFIX = [("main", 4), ("ctl_", 3), ("ch_", 2), ("dp_", 1),
                   ("chip_", 0)]
HEADER_LAYER = {"chip.h": 0, "dp.h": 1, "ch.h": 2, "ctl.h": 3}
HOOK_USERS = {1, 2, 4}

results = []


def check(ok, what):
    results.append((bool(ok), what))
    return ok


def layer(name):
    for prefix, n in LAYER_OF_PREFIX:
        if name.startswith(prefix):
            return n
    return None


def strip(src):
    """The source without comments and string literals."""
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    src = re.sub(r"//[^\n]*", " ", src)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', src)


def main():
    kdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "kmod")
    files = sorted(f for f in os.listdir(kdir)
                   if f.endswith(".c") and not f.endswith(".mod.c"))
    src = {f: strip(open(os.path.join(kdir, f)).read()) for f in files}
    raw = {f: open(os.path.join(kdir, f)).read() for f in files}

    for f in files:
        check(layer(f) is not None, "%s has a layer (its name's prefix)" % f)

    # includes
    for f in files:
        lf = layer(f)
        if lf is None:
            continue
        bad = []
        for h in re.findall(r'#include\s+"([^"]+)"', raw[f]):
            if h in HEADER_LAYER and HEADER_LAYER[h] > lf:
                bad.append(h)
            if h == "hooks.h" and lf not in HOOK_USERS:
                bad.append(h)
        check(not bad, "%s includes no header above its layer%s" %
              (f, ": " + " ".join(bad) if bad else ""))

    # functions defined (not static) per file
    defined = {}
    for f in files:
        for m in re.finditer(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b(mdrv_\w+)\s*\(",
                             src[f], flags=re.M):
            defined[m.group(1)] = f
        for m in re.finditer(r"^(?!static\b)(?:const\s+)?struct\s+\w+\s+(mdrv_\w+)\s*(?:\[\])?\s*=",
                             src[f], flags=re.M):
            defined[m.group(1)] = f

    # uses of another file's function: a call, or its address in a table
    uses = {f: {} for f in files}
    for f in files:
        for name, df in defined.items():
            if df == f:
                continue
            pat = r"\b%s\s*\(|[=,&(]\s*&?%s\b\s*[,;)}]" % (name, name)
            if re.search(pat, src[f]):
                uses[f].setdefault(df, []).append(name)

    for f in files:
        lf = layer(f)
        up = ["%s (%s)" % (n, df) for df, names in sorted(uses[f].items())
              for n in names
              if lf is not None and layer(df) is not None and layer(df) > lf]
        check(not up, "%s calls nothing in a layer above it%s" %
              (f, ": " + ", ".join(up) if up else ""))

    # cycles between files
    cycles = []
    state = {}

    def visit(f, path):
        state[f] = 1
        for g in sorted(uses[f]):
            if state.get(g) == 1:
                cycles.append(path[path.index(g):] + [g])
            elif g not in state:
                visit(g, path + [g])
        state[f] = 2

    for f in files:
        if f not in state:
            visit(f, [f])
    check(not cycles, "no call cycle between kmod files%s" %
          ("".join("; " + " -> ".join(c) for c in cycles)))

    print("TAP version 13")
    print("1..%d" % len(results))
    for i, (ok, what) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
    failed = sum(1 for ok, _ in results if not ok)
    print("# %d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
