// Preload (`node -r bench/thread-cpu.cjs …`, Linux only): at exit, prints one JSON line to stderr with the CPU seconds
// of this process's threads from /proc/self/task/*/stat: the main thread, the pool threads that ran simulations, and
// the rest (V8's garbage-collection and compiler helpers, libuv), so mutator and helper time can be told apart.
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const TICKS_PER_S = 100;
const tidsFile = process.env.THREAD_CPU_TIDS;

function threadCpu(tid) {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

if (!isMainThread) {
  // A worker thread names its own tid so the main thread can count it as a simulation thread.
  if (tidsFile) fs.appendFileSync(tidsFile, `${fs.readlinkSync('/proc/thread-self').split('/').pop()}\n`);
} else {
  const last = new Map();
  const sample = () => {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        last.set(tid, threadCpu(tid));
      } catch {
        // the thread ended between the listing and the read; its last sample stands
      }
    }
  };
  // Pool threads end before the process does: sample often enough to keep their last value.
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    const pool = new Set(tidsFile && fs.existsSync(tidsFile) ? fs.readFileSync(tidsFile, 'utf8').split('\n').filter(Boolean) : []);
    let main = 0;
    let poolCpu = 0;
    let helpers = 0;
    for (const [tid, cpu] of last) {
      if (tid === String(process.pid)) main += cpu;
      else if (pool.has(tid)) poolCpu += cpu;
      else helpers += cpu;
    }
    const round = (x) => Math.round(x * 100) / 100;
    process.stderr.write(`thread-cpu ${JSON.stringify({ main: round(main), pool: round(poolCpu), helpers: round(helpers) })}\n`);
  });
}
