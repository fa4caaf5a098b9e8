#!/usr/bin/env python3
"""SimPy 3 peer of capsim's trace replay: identical hosts, Nova grizzly's RamFilter (1.5 RAM overcommit, 512 MiB
reserved per host) and either first fit (no weigher: the first host in order that passes) or spread (the RAM
weigher: the host with the most free RAM, the first in order on a tie). Spread is modelled two ways: `scan` filters
and weighs every host per request, as Nova's filter scheduler does (O(hosts) per request), and `heap` keeps the hosts
in a max-heap on free RAM (O(log hosts); the same choices). A departure at the same time as an arrival is handled
first, as in capsim. Prints requests, placed and rejected."""
import argparse
import csv
import heapq

import simpy
from simpy.core import URGENT
import yaml

RAM_RATIO = 1.5
RESERVED_MIB = 512


class FirstFit:
    def __init__(self, hosts: int, ram_mib: int) -> None:
        self.limit = ram_mib * RAM_RATIO
        self.used = [RESERVED_MIB] * hosts

    def place(self, ram: int) -> int:
        limit, used = self.limit, self.used
        for host, u in enumerate(used):
            if limit - u >= ram:
                used[host] = u + ram
                return host
        return -1

    def release(self, host: int, ram: int) -> None:
        self.used[host] -= ram


class SpreadScan(FirstFit):
    """Every host through the filter, the passing ones weighed by free RAM; max() keeps the first on a tie."""

    def __init__(self, hosts: int, ram_mib: int) -> None:
        super().__init__(hosts, ram_mib)
        self.total = ram_mib

    def place(self, ram: int) -> int:
        limit, total, used = self.limit, self.total, self.used
        passing = [host for host, u in enumerate(used) if limit - u >= ram]
        if not passing:
            return -1
        host = max(passing, key=lambda h: total - used[h])
        used[host] += ram
        return host


class Spread:
    """A max-heap on free RAM with lazy deletion: an entry is current while its free RAM equals the host's."""

    def __init__(self, hosts: int, ram_mib: int) -> None:
        self.total = ram_mib
        self.limit = ram_mib * RAM_RATIO
        self.used = [RESERVED_MIB] * hosts
        self.heap = [(-(ram_mib - RESERVED_MIB), h) for h in range(hosts)]
        heapq.heapify(self.heap)

    def _top(self) -> int:
        heap, used, total = self.heap, self.used, self.total
        while True:
            free, host = heap[0]
            if -free == total - used[host]:
                return host
            heapq.heappop(heap)

    def place(self, ram: int) -> int:
        host = self._top()
        if self.limit - self.used[host] < ram:
            return -1
        self._set(host, self.used[host] + ram)
        return host

    def release(self, host: int, ram: int) -> None:
        self._set(host, self.used[host] - ram)

    def _set(self, host: int, used: int) -> None:
        self.used[host] = used
        heapq.heappush(self.heap, (-(self.total - used), host))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('scenario', help='the capsim scenario (hosts, flavors, horizon are read from it)')
    parser.add_argument('trace')
    parser.add_argument('--policy', choices=['first-fit', 'spread'], required=True)
    parser.add_argument('--spread-model', choices=['scan', 'heap'], default='scan',
                        help='spread: weigh every passing host per request (as Nova does) or keep a heap')
    args = parser.parse_args()
    with open(args.scenario) as f:
        scenario = yaml.safe_load(f)
    group = scenario['fleet'][0]
    horizon = float(scenario['horizon'])
    flavor_ram = {f['name']: f['ramMiB'] for f in scenario['workload']['flavors']}
    model = FirstFit if args.policy == 'first-fit' else SpreadScan if args.spread_model == 'scan' else Spread
    hosts = model(group['count'], group['ramMiB'])
    env = simpy.Environment()
    counts = {'requests': 0, 'placed': 0, 'rejected': 0}

    def depart(event: simpy.Event) -> None:
        host, ram = event.value
        hosts.release(host, ram)

    def arrivals():
        with open(args.trace, newline='') as f:
            rows = csv.reader(f)
            next(rows)
            for time_s, flavor, lifetime_s in rows:
                t = float(time_s)
                if t > horizon:
                    break
                yield env.timeout(t - env.now)
                ram = flavor_ram[flavor]
                counts['requests'] += 1
                host = hosts.place(ram)
                if host < 0:
                    counts['rejected'] += 1
                    continue
                counts['placed'] += 1
                lifetime = float(lifetime_s)
                if t + lifetime <= horizon:
                    leave = simpy.Event(env)
                    leave.callbacks.append(depart)
                    leave._ok = True
                    leave._value = (host, ram)
                    env.schedule(leave, URGENT, lifetime)

    env.process(arrivals())
    env.run(until=horizon + 1)
    print(f"simpy {args.policy}: {counts['requests']} requests, {counts['placed']} placed, {counts['rejected']} rejected")


if __name__ == '__main__':
    main()
