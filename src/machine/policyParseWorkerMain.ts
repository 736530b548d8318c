/**
 * The worker thread that reads policy files (bundled on its own as dist/policyWorker.js).
 * It runs the same synchronous parser the command-line tool calls, so the editor's
 * extension host never waits on a large or hostile file.
 */
import { parentPort } from 'node:worker_threads';
import { parsePolicy } from '../core/policy/parsePolicy';
import type { PolicyParseRequest, PolicyParseResponse } from './policyParseWorker';

parentPort?.on('message', (request: PolicyParseRequest) => {
  let response: PolicyParseResponse;
  try {
    response = { id: request.id, result: parsePolicy(request.input, request.source, request.options) };
  } catch (error) {
    // parsePolicy never throws by design; if it ever does, the file is refused, not dropped.
    response = {
      id: request.id,
      result: { ok: false, problems: [{ file: request.source.path, path: '', message: `cannot be read: ${String(error)}`, line: 1, column: 1, endLine: 1, endColumn: 1 }] },
    };
  }
  parentPort?.postMessage(response);
});
