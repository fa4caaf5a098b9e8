// Per-placement cost of Nova's scheduler (FilterScheduler.select + claim + spawn) at 100, 1,000 and 10,000 KVM
// compute nodes, per release profile, through the reference pipeline and (where the configuration allows it) the
// indexed fast path, and for ChanceScheduler. A program that prints numbers, not a test:
//   npm run build && node dist/bench/nova-placement.js

import { createStream } from '../src/engine/random-streams.js';
import { World } from '../src/model/world.js';
import { Vm } from '../src/model/vm.js';
import { buildKvmNodes } from '../src/nova/kvm-platform.js';
import { Nova } from '../src/nova/nova.js';
import { releaseProfile, type NovaConfig } from '../src/nova/release-profiles.js';

const FLAVORS = [[1, 2048, 20], [4, 8192, 80], [8, 16384, 160]] as const;
const SIZES = [100, 1_000, 10_000];

function measure(nodesCount: number, config: NovaConfig, fastPath: boolean): number {
  const world = new World([{ group: 'h', count: nodesCount, cpus: 32, ramMiB: 262144, diskGiB: 4000, az: 'nova' }]);
  const nodes = buildKvmNodes(world, world.hosts, config, 0);
  const nova = new Nova(nodes, config, createStream(1, 0, 'bench/scheduler'), undefined, { fastPath });
  const rng = createStream(1, 0, 'bench/workload');
  const running: Vm[] = [];
  let id = 0;
  const place = () => {
    const [vcpus, ramMiB, diskGiB] = FLAVORS[Math.floor(rng() * FLAVORS.length)];
    const vm = new Vm(id++, 0, vcpus, ramMiB, diskGiB, 0, 1, 2, true);
    if (nova.build(vm, { vcpus, ramMiB, diskGiB }, 0) === 'placed') running.push(vm);
  };
  // Fill to about 60 % of RAM without the scheduler (round robin, for speed), then measure in steady state: each
  // placement follows one random departure.
  const target = Math.floor((nodesCount * 262144 * 0.6) / 7000);
  while (running.length < target) {
    const [vcpus, ramMiB, diskGiB] = FLAVORS[Math.floor(rng() * FLAVORS.length)];
    const vm = new Vm(id++, 0, vcpus, ramMiB, diskGiB, 0, 1, 2, true);
    const node = nodes[running.length % nodesCount];
    node.claim(vm);
    node.driver.spawn(vm, node);
    vm.computeNode = node.id;
    running.push(vm);
  }
  const rounds = Math.max(2_000, Math.min(50_000, 2_000_000 / nodesCount));
  const depart = () => {
    const i = Math.floor(rng() * running.length);
    const vm = running[i];
    running[i] = running[running.length - 1];
    running.pop();
    nova.delete(vm.id, vm.computeNode, vm.host, vm.vcpus, vm.ramMiB, vm.diskGiB, vm.serverGroup);
    world.forget(vm.id, vm.record);
  };
  for (let i = 0; i < rounds / 10; i++) { depart(); place(); } // warm-up (JIT)
  let spent = 0n;
  for (let i = 0; i < rounds; i++) {
    depart();
    const start = process.hrtime.bigint();
    place();
    spent += process.hrtime.bigint() - start;
  }
  return Number(spent) / 1000 / rounds;
}

const arms: [string, NovaConfig, boolean][] = [
  ['grizzly (filters, raw weights), reference', releaseProfile('grizzly'), false],
  ['grizzly, fast path', releaseProfile('grizzly'), true],
  ['queens (Placement + filters), reference', releaseProfile('queens'), false],
  ['modern (Placement, 4 weighers), reference', releaseProfile('modern'), false],
  ['chance', { ...releaseProfile('modern'), driver: 'chance' }, false],
];
console.log(['profile', ...SIZES.map((n) => `${n} nodes (µs)`)].join('\t'));
for (const [name, config, fastPath] of arms) {
  console.log([name, ...SIZES.map((n) => measure(n, config, fastPath).toFixed(1))].join('\t'));
}
