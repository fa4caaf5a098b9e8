#!/usr/bin/env python3
"""Whole-process CPU time (user + system, from wait4's rusage: microseconds, where /usr/bin/time rounds each to 10 ms)
of commands run alternately N times; prints each one's minimum and median and their ratios to the first command's.
Usage: bench/cpu-time.py N 'label=command ...' ...   e.g.
  bench/cpu-time.py 10 'node=node -e 0' 'validate=node dist/bundle/cli/main.js validate scenarios/nova-vs-vsphere.yaml'"""
import os
import shlex
import statistics
import sys


def main() -> None:
    n = int(sys.argv[1])
    commands = [arg.split('=', 1) for arg in sys.argv[2:]]
    times: dict[str, list[float]] = {label: [] for label, _ in commands}
    for _ in range(n):
        for label, command in commands:
            pid = os.fork()
            if pid == 0:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.dup2(null, 2)
                args = shlex.split(command)
                os.execvp(args[0], args)
            _, _, usage = os.wait4(pid, 0)
            times[label].append(usage.ru_utime + usage.ru_stime)
    base = times[commands[0][0]]
    for label, _ in commands:
        t = times[label]
        print(f'{label:20s} CPU s min {min(t):.3f} median {statistics.median(t):.3f}   '
              f'ratio to {commands[0][0]}: min {min(t) / min(base):.2f} median {statistics.median(t) / statistics.median(base):.2f}')
    print('load average:', ' '.join(open('/proc/loadavg').read().split()[:3]))


if __name__ == '__main__':
    main()
