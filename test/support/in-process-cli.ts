// Runs the built CLI's main() in a worker thread, many invocations per thread (a fresh `node` per case costs
// ~0.3 s). A case that does not answer within the time bound is a hang: the thread is terminated (that stops even a
// busy loop) and replaced.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ROOT } from './cli.js';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
  /** True when the case did not finish within the time bound. */
  hung: boolean;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let out = '';
let err = '';
process.stdout.write = (chunk) => { out += String(chunk); return true; };
process.stderr.write = (chunk) => { err += String(chunk); return true; };
const ready = import(workerData.main);
parentPort.on('message', async (argv) => {
  out = ''; err = '';
  let code;
  try {
    code = await (await ready).main(argv);
  } catch (error) {
    code = -1; err += 'escaped main: ' + (error && error.stack || String(error));
  }
  parentPort.postMessage({ code, stdout: out, stderr: err });
});
`;

export class InProcessCli {
  private worker: Worker | undefined;
  private readonly main = pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href;

  constructor(private readonly timeoutMs: number) {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` (npm test does) first');
  }

  async run(argv: string[]): Promise<CliOutcome> {
    this.worker ??= new Worker(WORKER, { eval: true, workerData: { main: this.main }, stdout: true, stderr: true });
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        void worker.terminate();
        this.worker = undefined;
        resolve({ code: -1, stdout: '', stderr: '', hung: true });
      }, this.timeoutMs);
      const onMessage = (m: { code: number; stdout: string; stderr: string }) => {
        clearTimeout(timer);
        worker.off('error', onError);
        resolve({ ...m, hung: false });
      };
      const onError = (error: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        this.worker = undefined;
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(argv);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
