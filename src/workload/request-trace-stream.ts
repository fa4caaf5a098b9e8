// A request trace read on another thread while this one simulates: the same rows, checks and digest as
// loadRequestTrace, handed over in pieces. The simulation never yields to the event loop, so pieces are taken from
// the message port synchronously (receiveMessageOnPort), waiting on a shared counter when none has arrived yet.

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { InputError, type Problem } from '../scenario/input-error.js';
import type { Flavor } from '../scenario/schema.js';
import { sharedColumns, type RequestTrace, type TraceColumnsData } from './request-trace.js';
import { traceReaderThread } from './trace-reader-thread.js';

/** What the reading thread posts: a piece of rows, the end (digest or problems), or an internal error. */
export interface TraceMessage {
  piece?: TraceColumnsData;
  end?: { digest?: string; problems: Problem[] };
  error?: string;
}

/**
 * The trace as it arrives. `piece(k)` gives the k-th piece of rows, waiting for it. The RequestTrace fields give the
 * whole trace, waiting for the end of the file; like `finish()` they throw the trace's problems as an InputError.
 * `atEnd` checks the finished trace's row count (0 when the trace has problems) for problems of the caller's own,
 * reported after the trace's.
 */
export class RequestTraceStream implements RequestTrace {
  private readonly pieces: TraceColumnsData[] = [];
  private readonly port: MessagePort;
  private readonly posted: Int32Array;
  private received = 0;
  private rows = 0;
  private end: { digest?: string; problems: Problem[] } | undefined;
  private whole: TraceColumnsData | undefined;
  /** The trace's problems and `atEnd`'s, once the end has come. */
  private all: Problem[] | undefined;

  constructor(file: string, flavors: readonly Flavor[], private readonly atEnd: (rows: number) => Problem[] = () => []) {
    const thread = traceReaderThread();
    this.port = thread.port;
    this.posted = thread.posted;
    this.port.postMessage({ file, flavors });
  }

  /** The k-th piece (0-based), or undefined past the last; throws the trace's problems when the reader found any. */
  piece(k: number): TraceColumnsData | undefined {
    while (k >= this.pieces.length) {
      if (this.end) {
        this.fail();
        return undefined;
      }
      this.receive();
    }
    return this.pieces[k];
  }

  /** Waits for the whole file; returns its digest, or throws its problems (and those `atEnd` found). */
  finish(): string {
    while (!this.end) this.receive();
    return this.fail();
  }

  /** Waits for the whole file; the trace's own problems (not `atEnd`'s) and its row count (0 when it has problems). */
  check(): { problems: Problem[]; rows: number } {
    while (!this.end) this.receive();
    const problems = this.end.problems;
    return { problems, rows: problems.length > 0 ? 0 : this.rows };
  }

  get digest(): string { return this.finish(); }
  get time(): Float64Array { return this.columns().time; }
  get flavor(): Int32Array { return this.columns().flavor; }
  get lifetime(): Float64Array { return this.columns().lifetime; }
  get haPriority(): Uint8Array { return this.columns().haPriority; }
  get serverGroup(): Int32Array { return this.columns().serverGroup; }
  get groupPolicy(): Uint8Array { return this.columns().groupPolicy; }
  get maxServerPerHost(): Int32Array { return this.columns().maxServerPerHost; }
  get hypervisor(): Uint8Array { return this.columns().hypervisor; }

  /** The trace as loadRequestTrace returns it (columns on shared memory, for worker threads). */
  complete(): RequestTrace {
    return { ...this.columns(), digest: this.finish() };
  }

  private columns(): TraceColumnsData {
    this.finish();
    return this.whole ??= sharedColumns(this.pieces, this.rows);
  }

  /** Returns the digest at the end of a clean trace; throws the problems otherwise. */
  private fail(): string {
    if (!this.all) {
      const { problems, rows } = this.check();
      this.all = [...problems, ...this.atEnd(rows)];
    }
    if (this.all.length > 0) throw new InputError(this.all);
    return this.end!.digest!;
  }

  private receive(): void {
    const seen = Atomics.load(this.posted, 0);
    if (seen === this.received) Atomics.wait(this.posted, 0, seen);
    const message = receiveMessageOnPort(this.port)?.message as TraceMessage | undefined;
    if (!message) return;
    this.received++;
    if (message.error) throw new Error(`trace reader: ${message.error}`);
    if (message.piece && message.piece.time.length > 0) {
      this.pieces.push(message.piece);
      this.rows += message.piece.time.length;
    }
    if (message.end) {
      this.end = message.end;
      this.port.close();
    }
  }
}
