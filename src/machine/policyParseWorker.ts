import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseOptions } from '../core/policy/parsePolicy';
import type { PolicyParseResult, PolicySourceRef } from '../core/policy/types';

/**
 * A file that takes longer than this to read is refused. SPEC §1: any file up to 1 MiB is
 * decided within 2 seconds; reading runs in a worker thread, so the editor stays
 * responsive meanwhile, and a file that needs longer is stopped and reported, not waited on.
 */
export const PARSE_DEADLINE_MS = 2000;
/** The thread is ended when nothing has been read for this long, and started again on demand. */
const IDLE_MS = 30_000;

export interface PolicyParseRequest {
  readonly id: number;
  readonly input: string | Uint8Array;
  readonly source: PolicySourceRef;
  readonly options: Omit<ParseOptions, 'knownTools'>;
}

export interface PolicyParseResponse {
  readonly id: number;
  readonly result: PolicyParseResult;
}

export interface PolicyParseWorkerOptions {
  /** The bundled worker script; defaults to policyWorker.js next to this bundle. */
  readonly workerFile?: string;
  readonly deadlineMs?: number;
  readonly idleMs?: number;
}

interface Pending {
  readonly request: PolicyParseRequest;
  readonly deadlineMs: number;
  readonly resolve: (result: PolicyParseResult) => void;
}

function refusal(source: PolicySourceRef, message: string): PolicyParseResult {
  return { ok: false, problems: [{ file: source.path, path: '', message, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
}

/**
 * Reads policy files on a worker thread, one at a time, each with a deadline. The thread
 * is started on the first read (activation does not pay for it), ended after the
 * deadline (which is the only way to stop a parse), and ended when idle. Never rejects:
 * every outcome is a PolicyParseResult.
 */
export class PolicyParseWorker {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: ReturnType<typeof setTimeout> } | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly workerFile: string;
  private readonly deadlineMs: number;
  private readonly idleMs: number;

  constructor(options: PolicyParseWorkerOptions = {}) {
    this.workerFile = options.workerFile ?? path.join(__dirname, 'policyWorker.js');
    this.deadlineMs = options.deadlineMs ?? PARSE_DEADLINE_MS;
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  /** Whether a worker thread is running now (for tests: none before the first read, none after dispose). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Reads one file; `deadlineMs` overrides the reader's deadline for this file. */
  parse(input: string | Uint8Array, source: PolicySourceRef, options: Omit<ParseOptions, 'knownTools'> = {}, deadlineMs = this.deadlineMs): Promise<PolicyParseResult> {
    if (this.disposed) return Promise.resolve(refusal(source, 'cannot be read: the policy reader has been shut down'));
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, input, source, options }, deadlineMs, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const pending = this.queue.shift();
    if (!pending) {
      this.scheduleIdleStop();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      pending.resolve(refusal(pending.request.source, `cannot be read: the policy reader could not start (${String(error)})`));
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      const seconds = (pending.deadlineMs / 1000).toLocaleString('en');
      this.finish(refusal(pending.request.source,
        `reading the file took longer than ${seconds} s, the limit for a policy file; it was stopped. Make the file smaller or simpler (no policy needs this much)`), true);
    }, pending.deadlineMs);
    this.current = { pending, timer };
    worker.postMessage(pending.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    // A reader must never keep the editor (or the command-line tool) from exiting.
    worker.unref();
    worker.on('message', (response: PolicyParseResponse) => {
      if (this.current && response.id === this.current.pending.request.id) this.finish(response.result, false);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.current) this.finish(refusal(this.current.pending.request.source, `cannot be read: the policy reader failed (${error.message})`), false);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.current) this.finish(refusal(this.current.pending.request.source, 'cannot be read: the policy reader stopped unexpectedly'), false);
    });
    this.worker = worker;
    return worker;
  }

  private finish(result: PolicyParseResult, stopWorker: boolean): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if (stopWorker) this.stopWorker();
    current.pending.resolve(result);
    this.pump();
  }

  private scheduleIdleStop(): void {
    if (!this.worker || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.current) this.stopWorker();
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.stopWorker();
    const waiting = [...(this.current ? [this.current.pending] : []), ...this.queue.splice(0)];
    if (this.current) clearTimeout(this.current.timer);
    this.current = undefined;
    for (const pending of waiting) pending.resolve(refusal(pending.request.source, 'cannot be read: the policy reader has been shut down'));
  }
}

let shared: PolicyParseWorker | undefined;

/**
 * Reads one policy file off the calling thread (the editor's readers share one worker).
 * The thread ends by itself when idle and never keeps the process alive.
 */
export function parsePolicyOffThread(input: string | Uint8Array, source: PolicySourceRef, options: Omit<ParseOptions, 'knownTools'> = {}): Promise<PolicyParseResult> {
  shared ??= new PolicyParseWorker();
  return shared.parse(input, source, options);
}
