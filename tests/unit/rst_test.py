#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every page of Documentation/ parses without a warning: a malformed table
is not rendered at all (docutils drops it with an error), so a figure in it
would be lost to a reader of the HTML.

usage: rst_test.py [FILE...]
Prints KTAP, exits 0 if every page parses cleanly, 1 if one does not, 4
(kselftest skip) if python3-docutils is missing.
"""
import glob
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec_test import KSFT_SKIP, TOP, Ktap  # noqa: E402


def problems(path, docutils):
    err = io.StringIO()
    with open(path) as f:
        docutils.core.publish_string(
            f.read(), source_path=path, writer_name='null',
            settings_overrides={'warning_stream': err, 'report_level': 2,
                                'halt_level': 5})
    return [line for line in err.getvalue().splitlines()
            if '(WARNING/' in line or '(ERROR/' in line or '(SEVERE/' in line]


def main(argv):
    try:
        import docutils.core
    except ImportError:
        print('1..0 # SKIP python3-docutils is not installed')
        return KSFT_SKIP
    files = argv[1:] or sorted(glob.glob(os.path.join(TOP, 'Documentation', '*.rst')))
    t = Ktap()
    for path in files:
        t.check('%s parses without a warning' % os.path.relpath(path, TOP),
                problems(path, docutils))
    return t.finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
