// The thread that reads a request trace (request-trace-worker.ts). `capsim run` starts one before it loads the
// simulator, so the thread has started by the time the scenario names its trace; a run that does not stream a
// trace stops it. Node's built-ins only: the command line imports this before anything else.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

export interface TraceReaderThread {
  worker: Worker;
  /** Receives the reader's messages; the first message sent on it names the file. */
  port: MessagePort;
  /** Counts the messages the reader has posted (Atomics.wait on index 0). */
  posted: Int32Array;
}

let spare: TraceReaderThread | undefined;

/** Starts a reader thread for a later traceReaderThread() (no-op when one is waiting). */
export function startTraceReader(): void {
  spare ??= spawn();
}

/** Stops the thread startTraceReader started, when nothing took it. */
export function stopSpareTraceReader(): void {
  void spare?.worker.terminate();
  spare = undefined;
}

/** The started reader thread, or a new one. */
export function traceReaderThread(): TraceReaderThread {
  const thread = spare ?? spawn();
  spare = undefined;
  return thread;
}

function spawn(): TraceReaderThread {
  const { port1, port2 } = new MessageChannel();
  const posted = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerFile(), { workerData: { port: port2, posted }, transferList: [port2] });
  // The process does not wait for the reader: a run that fails on other input exits at once.
  worker.unref();
  return { worker, port: port1, posted };
}

/**
 * The compiled reader module, found from where this code runs: dist/src/workload/ beside it, the bundle's top level
 * or its cli/ folder (scripts/bundle.mjs: workload/request-trace-worker.js), or src/ under vitest (threads always run
 * JavaScript from dist/, so `npm run build` must have run).
 */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'request-trace-worker.js'), join(here, 'workload', 'request-trace-worker.js'),
    join(here, '..', 'workload', 'request-trace-worker.js'),
    join(here, '..', '..', 'dist', 'src', 'workload', 'request-trace-worker.js')];
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new Error(`trace reader module request-trace-worker.js not found near ${here}; run \`npm run build\` first`);
  return file;
}
