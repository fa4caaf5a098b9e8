#!/usr/bin/env python3
# Instructions per JavaScript function (self, optimised code included), which cachegrind cannot name: callgrind
# records each instruction's address, and node's --perf-basic-prof map says which compiled function each address
# belongs to (bench/README.md, "Spread and stack at 1,000 hosts, sixteenth round"):
#
#   valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=OUT \
#     node --perf-basic-prof --single-threaded bench/run-reps.mjs DIST scale-1000-spread 2
#   python3 bench/jit-instructions.py OUT /tmp/perf-PID.map [TOP]      (PID: the ==PID== in valgrind's output)
#
# Addresses outside the map (native code: V8, libc) count under their callgrind function name.
import bisect
import collections
import re
import sys


def main() -> None:
    if len(sys.argv) < 3:
        sys.stderr.write('usage: jit-instructions.py CALLGRIND_OUT PERF_MAP [TOP]\n')
        sys.exit(2)
    out_file, map_file = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    entries = []
    for line in open(map_file):
        start, size, name = line.rstrip('\n').split(' ', 2)
        entries.append((int(start, 16), int(size, 16), name))
    entries.sort()
    starts = [e[0] for e in entries]
    per_function: collections.Counter = collections.Counter()
    total = 0
    address = 0
    after_calls = False
    names: dict = {}
    function = '?'
    for line in open(out_file):
        first = line[0]
        if first in '0123456789+-*':
            fields = line.split()
            position = fields[0]
            if position.startswith('0x'):
                address = int(position, 16)
            elif position[0] in '+-':
                step = int(position[1:], 16) if position[1:].startswith('0x') else int(position[1:])
                address += step if position[0] == '+' else -step
            # The line after calls= is the call's inclusive cost, not this function's own.
            if after_calls:
                after_calls = False
                continue
            cost = int(fields[2]) if len(fields) > 2 else 0
            total += cost
            i = bisect.bisect_right(starts, address) - 1
            if i >= 0 and address < entries[i][0] + entries[i][1]:
                per_function[entries[i][2]] += cost
            else:
                per_function['native: ' + function] += cost
        elif line.startswith('calls='):
            after_calls = True
        elif line.startswith('cfn='):
            # Callgrind names a function once, where it first appears: often as a callee, in a cfn= line.
            match = re.match(r'cfn=\((\d+)\) (.*)', line.rstrip('\n'))
            if match:
                names[match.group(1)] = match.group(2)
        elif line.startswith('fn='):
            match = re.match(r'fn=\((\d+)\)(?: (.*))?', line.rstrip('\n'))
            if match:
                if match.group(2):
                    names[match.group(1)] = match.group(2)
                function = names.get(match.group(1), '?')
    print(f'total {total:,}')
    for name, cost in per_function.most_common(top):
        short = re.sub(r'file://\S*/dist/src/', '', name)[:110]
        print(f'{cost:>15,} {100 * cost / total:5.1f} %  {short}')


main()
