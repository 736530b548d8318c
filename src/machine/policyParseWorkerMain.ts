/**
 * The worker thread that reads policy files (bundled on its own as dist/policyWorker.js).
 * It runs the same synchronous parser the command-line tool calls, so the editor's
 * extension host never waits on a large or hostile file.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { parsePolicy } from '../core/policy/parsePolicy';
import type { PolicyParseResult } from '../core/policy/types';
import { splitResult, type PolicyParseDone, type PolicyParseRequest, type PolicyWorkerMessage } from './policyParseWorker';

let results: MessagePort | undefined;

function read(request: PolicyParseRequest): PolicyParseResult {
  try {
    return parsePolicy(request.input, request.source, request.options);
  } catch (error) {
    // parsePolicy never throws by design; if it ever does, the file is refused, not dropped.
    return { ok: false, problems: [{ file: request.source.path, path: '', message: `cannot be read: ${String(error)}`, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  }
}

// Only the reader's own thread answers: loaded anywhere else (a thread of the editor's
// that is not ours), this module must not listen to someone else's port.
const isReaderThread = (workerData as { role?: string } | null)?.role === 'policy-reader';

function answer(message: PolicyWorkerMessage): void {
  if (message.kind === 'results-port') {
    results = message.port;
    return;
  }
  // The result goes out in slices on a port of its own, which the editor's thread takes
  // in one slice at a time: one large message would be decoded in a single long stall.
  const chunks = splitResult(read(message));
  for (const chunk of chunks) results?.postMessage(chunk);
  const done: PolicyParseDone = { id: message.id, chunks: chunks.length };
  parentPort?.postMessage(done);
}

if (isReaderThread) parentPort?.on('message', answer);
