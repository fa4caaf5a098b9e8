#!/usr/bin/env python3
"""Writes the peer workload as a capsim request trace: the 1,000-host scaling series' stream (bench/scenarios.ts):
Poisson arrivals at 260 requests per host per 30 days, exponential lifetimes with mean 24 h, three flavors
weighted 40/35/25, over 30 days. Seeded, so every run of this script writes the same file."""
import argparse
import random

FLAVORS = [('m1.medium', 40), ('m1.large', 35), ('m1.xlarge', 25)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('out')
    parser.add_argument('--hosts', type=int, default=1000)
    parser.add_argument('--days', type=float, default=30)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    horizon = args.days * 86400
    rate_per_s = args.hosts * 260 / (30 * 86400)
    names = [name for name, _ in FLAVORS]
    weights = [weight for _, weight in FLAVORS]
    t = 0.0
    with open(args.out, 'w') as out:
        out.write('time_s,flavor,lifetime_s\n')
        while True:
            t += rng.expovariate(rate_per_s)
            if t > horizon:
                break
            flavor = rng.choices(names, weights)[0]
            out.write(f'{t:.3f},{flavor},{rng.expovariate(1 / 86400):.3f}\n')


if __name__ == '__main__':
    main()
