// The thread that reads a request trace for RequestTraceStream: rows go to the main thread in pieces as the file is
// read, so the simulation starts on the first rows while the rest is still being parsed (on the other core).

import { workerData, type MessagePort } from 'node:worker_threads';
import { InputError } from '../scenario/input-error.js';
import { streamCsvInput } from '../scenario/read-csv.js';
import type { Flavor } from '../scenario/schema.js';
import { TRACE_COLUMNS, TRACE_OPTIONAL_COLUMNS, TraceRowReader, type TraceColumnsData } from './request-trace.js';
import type { TraceMessage } from './request-trace-stream.js';

/** The first piece is small so that the simulation can start early; later pieces double up to the largest. */
const FIRST_PIECE_ROWS = 2048;
const MAX_PIECE_ROWS = 65536;

/** The file to read comes as the first message on `port` (the thread may start before the file is known). */
interface Input { port: MessagePort; posted: Int32Array }

function readTrace(file: string, flavors: Flavor[], { port, posted }: Input): void {
  const send = (message: TraceMessage, piece?: TraceColumnsData): void => {
    port.postMessage(message, piece ? Object.values(piece).map((column) => column.buffer as ArrayBuffer) : []);
    // After the message is queued: the main thread waits on this counter, then takes the message from the port.
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  };
  const reader = new TraceRowReader(file, flavors);
  let pieceRows = FIRST_PIECE_ROWS;
  try {
    const { digest } = streamCsvInput(file, TRACE_COLUMNS, TRACE_OPTIONAL_COLUMNS, (row, r, header) => {
      reader.onRow(row, r, header);
      if (reader.columns.length < pieceRows) return;
      const piece = reader.columns.take();
      // From the first bad row on nothing more is handed on (the run stops there); the rest is read for its problems.
      if (reader.problems.length === 0) send({ piece }, piece);
      pieceRows = Math.min(2 * pieceRows, MAX_PIECE_ROWS);
    });
    const last = reader.columns.take();
    if (reader.problems.length > 0) send({ end: { problems: reader.problems } });
    else send({ piece: last, end: { digest, problems: [] } }, last);
  } catch (error) {
    if (error instanceof InputError) send({ end: { problems: error.problems } });
    else send({ error: (error as Error).stack ?? String(error) });
  }
}

const input = workerData as Input;
input.port.once('message', ({ file, flavors }: { file: string; flavors: Flavor[] }) => readTrace(file, flavors, input));
