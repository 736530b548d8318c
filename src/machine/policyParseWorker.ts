import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ParseOptions } from '../core/policy/parsePolicy';
import { toolsUnderStar } from '../core/tools';
import type { Policy, PolicyParseResult, PolicyProblem, PolicySourceRef } from '../core/policy/types';
import { PolicyReaders } from './policyReaders';

/**
 * A file that takes longer than this to read is stopped and refused: the guard against a
 * reader that never finishes. The format promises a decision within 2 s for any file up to
 * 1 MiB, which the parser meets on an idle machine (see `npm run bench`); the guard is set
 * well above that so that a valid policy is never refused merely because the machine is
 * busy. Reading runs in a worker thread, so the editor stays responsive either way.
 */
const PARSE_DEADLINE_MS = 10_000;
/*
 * Every file is read on the thread, small ones too. Read in place, the first parse in a
 * process costs 40 ms for the example policy (loading and compiling the reader), and a
 * 4 KiB file full of unknown tool ids 75 ms: over the 50 ms an editor may stall. The
 * thread costs the first decision about 60 ms more, and the editor's thread a few.
 */
/** The thread is ended when nothing has been read for this long, and started again on demand. */
const IDLE_MS = 30_000;

/** How long the editor's thread spends taking in result slices before it lets other work run. */
const RECEIVE_SLICE_MS = 5;
/** Items per result slice: small enough that decoding one takes a few milliseconds. */
const SLICE_ITEMS = { allowed: 4000, tools: 500, rules: 250 } as const;

export interface PolicyParseRequest {
  readonly kind: 'parse';
  readonly id: number;
  readonly input: string | Uint8Array;
  readonly source: PolicySourceRef;
  readonly options: Omit<ParseOptions, 'knownTools'>;
}

export type PolicyWorkerMessage = PolicyParseRequest | { readonly kind: 'results-port'; readonly port: MessagePort };

/** Sent when a file has been read; its result waits on the results port in `chunks` slices. */
export interface PolicyParseDone {
  readonly id: number;
  readonly chunks: number;
}

type ResultChunk =
  | { readonly part: 'refused'; readonly problems: readonly PolicyProblem[] }
  | { readonly part: 'head'; readonly policy: Omit<Policy, 'allowed' | 'tools' | 'rules'>; readonly warnings: readonly PolicyProblem[] }
  | { readonly part: 'allowed'; readonly items: Policy['allowed'] }
  | { readonly part: 'tools'; readonly items: Policy['tools'] }
  | { readonly part: 'rules'; readonly items: Policy['rules'] };

const STAR_PLACEHOLDER: readonly string[] = Object.freeze([]);

/** Cuts a result into slices that each decode quickly (see RECEIVE_SLICE_MS). */
export function splitResult(result: PolicyParseResult): ResultChunk[] {
  if (!result.ok) return [{ part: 'refused', problems: result.problems }];
  const { allowed, tools, rules: allRules, ...head } = result.policy;
  // A `tool: "*"` rule's list is the same for the whole file and is made again on arrival
  // (joinResult): sent with each rule, thousands of such rules would carry it thousands of
  // times. In its place they share one empty list, which a slice carries once.
  const rules = allRules.map((rule) => (rule.allTools ? { ...rule, tools: STAR_PLACEHOLDER } : rule));
  const chunks: ResultChunk[] = [{ part: 'head', policy: head, warnings: result.warnings }];
  for (let i = 0; i < allowed.length; i += SLICE_ITEMS.allowed) chunks.push({ part: 'allowed', items: allowed.slice(i, i + SLICE_ITEMS.allowed) });
  for (let i = 0; i < tools.length; i += SLICE_ITEMS.tools) chunks.push({ part: 'tools', items: tools.slice(i, i + SLICE_ITEMS.tools) });
  for (let i = 0; i < rules.length; i += SLICE_ITEMS.rules) chunks.push({ part: 'rules', items: rules.slice(i, i + SLICE_ITEMS.rules) });
  return chunks;
}

/** Puts the slices back together; undefined when they do not make a whole result. */
function joinResult(chunks: readonly ResultChunk[]): PolicyParseResult | undefined {
  const first = chunks[0];
  if (first?.part === 'refused') return { ok: false, problems: first.problems };
  if (first?.part !== 'head') return undefined;
  const allowed: string[] = [];
  const tools: Policy['tools'][number][] = [];
  const rules: Policy['rules'][number][] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.part === 'allowed') for (const item of chunk.items) allowed.push(item);
    else if (chunk.part === 'tools') for (const item of chunk.items) tools.push(item);
    else if (chunk.part === 'rules') for (const item of chunk.items) rules.push(item);
    else return undefined;
  }
  const starTools = toolsUnderStar(tools, new Set(allowed));
  // The rules are this thread's own copies, made as the slices were taken in.
  for (const rule of rules) if (rule.allTools) (rule as { tools: readonly string[] }).tools = starTools;
  return { ok: true, policy: { ...first.policy, allowed, tools, rules }, warnings: first.warnings };
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
 * @internal production shares one instance; tests build their own with short deadlines.
 */
export class PolicyParseWorker {
  private worker: Worker | undefined;
  private results: MessagePort | undefined;
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

  /** Files given and not yet answered: the one being read and those waiting. */
  get unanswered(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /** Reads one file; `deadlineMs` overrides the reader's deadline for this file. */
  parse(input: string | Uint8Array, source: PolicySourceRef, options: Omit<ParseOptions, 'knownTools'> = {}, deadlineMs = this.deadlineMs): Promise<PolicyParseResult> {
    if (this.disposed) return Promise.resolve(refusal(source, 'cannot be read: the policy reader has been shut down'));
    return new Promise((resolve) => {
      this.queue.push({ request: { kind: 'parse', id: this.nextId++, input, source, options }, deadlineMs, resolve });
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
    const worker = new Worker(this.workerFile, { workerData: { role: 'policy-reader' } });
    // A reader must never keep the editor (or the command-line tool) from exiting.
    worker.unref();
    const channel = new MessageChannel();
    // Never started (no listener): slices are taken one by one with receiveMessageOnPort.
    this.results = channel.port1;
    worker.postMessage({ kind: 'results-port', port: channel.port2 }, [channel.port2]);
    worker.on('message', (done: PolicyParseDone) => {
      if (this.current && done.id === this.current.pending.request.id) this.receive(done, channel.port1);
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

  /**
   * Takes the result's slices off the port a few milliseconds' worth at a time, letting
   * the editor's other work run in between, so even a 1 MiB policy never stalls it.
   */
  private receive(done: PolicyParseDone, port: MessagePort): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    const chunks: ResultChunk[] = [];
    const giveUpAt = performance.now() + current.pending.deadlineMs;
    const step = () => {
      if (this.current !== current) return;
      const started = performance.now();
      if (started > giveUpAt) {
        this.finish(refusal(current.pending.request.source, 'cannot be read: the policy reader sent an incomplete result'), true);
        return;
      }
      while (chunks.length < done.chunks && performance.now() - started < RECEIVE_SLICE_MS) {
        const received = receiveMessageOnPort(port);
        if (!received) break;
        chunks.push(received.message as ResultChunk);
      }
      if (chunks.length < done.chunks) {
        setImmediate(step);
        return;
      }
      this.finish(joinResult(chunks) ?? refusal(current.pending.request.source, 'cannot be read: the policy reader sent an incomplete result'), false);
    };
    step();
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
    this.results?.close();
    this.results = undefined;
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

let shared: PolicyReaders | undefined;

/**
 * Reads one policy file off the calling thread (the editor's readers are shared). Each
 * thread ends by itself when idle and never keeps the process alive.
 */
export function parsePolicyOffThread(input: string | Uint8Array, source: PolicySourceRef, options: Omit<ParseOptions, 'knownTools'> = {}): Promise<PolicyParseResult> {
  shared ??= new PolicyReaders(() => new PolicyParseWorker());
  return shared.parse(input, source, options);
}
