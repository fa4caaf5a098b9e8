// Preload (node --import ./bench/peer/thread-cpu.mjs …): at exit, prints to stderr the CPU seconds of the main thread
// (Linux /proc/self/task/<pid>/stat, user + system) beside the whole process's and its wall time since start. The
// main thread's time is the run's critical path on a machine with a core to spare (the trace reader runs beside it),
// and it moves less with load than wall time does.
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    const main = (Number(fields[11]) + Number(fields[12])) / 100;
    const { user, system } = process.cpuUsage();
    process.stderr.write(`thread-cpu: main ${main.toFixed(2)} s, process ${((user + system) / 1e6).toFixed(2)} s, ` +
      `wall ${process.uptime().toFixed(2)} s\n`);
  });
}
