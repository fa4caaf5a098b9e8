// `node bench/heap-census.mjs FILE.heapsnapshot`: self size and count per kind of object (constructor name for
// objects and closures, V8's node type otherwise), largest first, with bytes per object.
import { readFileSync } from 'node:fs';

const snapshot = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fields = snapshot.snapshot.meta.node_fields, stride = fields.length;
const types = snapshot.snapshot.meta.node_types[0];
const typeAt = fields.indexOf('type'), nameAt = fields.indexOf('name'), sizeAt = fields.indexOf('self_size');
const kinds = new Map();
let total = 0;
for (let i = 0; i < snapshot.nodes.length; i += stride) {
  const type = types[snapshot.nodes[i + typeAt]];
  const kind = type === 'object' || type === 'closure' ? `${type}:${snapshot.strings[snapshot.nodes[i + nameAt]]}` : type;
  const size = snapshot.nodes[i + sizeAt];
  total += size;
  const k = kinds.get(kind) ?? { size: 0, count: 0 };
  k.size += size;
  k.count++;
  kinds.set(kind, k);
}
console.log(`total ${(total / 1e6).toFixed(1)} MB`);
console.log('      MB     count  bytes each  kind');
for (const [kind, { size, count }] of [...kinds].sort((a, b) => b[1].size - a[1].size).slice(0, 25)) {
  console.log(`${(size / 1e6).toFixed(2).padStart(8)} ${String(count).padStart(9)} ${(size / count).toFixed(0).padStart(11)}  ${kind}`);
}
