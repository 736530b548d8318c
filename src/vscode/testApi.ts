import type * as vscode from 'vscode';
import type { ProcessReader } from '../core/detect/processTree';
import type { Parsers } from './parsersLoader';
import type { Snapshots } from './snapshotPublisher';
import type { TerminalWatcher } from './terminalWatcher';

/** Figures the benchmark reads (bench/editorProbe.cjs), in milliseconds and bytes. */
export interface Probes {
  readonly activation: {
    activateSyncMs: number;
    /** CPU time of the extension host over the same span: what a busy machine's waits do not inflate. */
    activateCpuMs?: number;
    firstStatusMs?: number;
    heapGrowthBytes?: number;
  };
  /** Reads of a terminal's process tree (one per terminal per scan). */
  readonly processReads: { count: number; totalMs: number; lastMs: number };
  /** Loading dist/parsers.js, then the shell parser in it. */
  readonly parserLoads: { bundleMs?: number; readerMs?: number };
}

/**
 * What `activate()` hands out in Test mode: what the host tests and the benchmark probe
 * observe, and nothing they could change the extension through.
 */
export interface TestApi {
  /** Every published snapshot: what the status bar, panel, notifier and enforcer are shown. */
  readonly snapshots: Snapshots;
  /** The real status bar item, as the person sees it. */
  readonly statusBarItem: vscode.StatusBarItem;
  /** Typed command lines kept, and a wait until each line seen so far has been read. */
  readonly terminals: Pick<TerminalWatcher, 'typedCommands' | 'whenRead'>;
  /** The MCP config files read and watched, the user's first. */
  readonly mcpConfigFiles: () => string[];
  /** Resolves once the policy has been read and the first snapshot published. */
  readonly ready: Promise<void>;
  readonly probes: Probes;
}

/**
 * What `activate()` returns: the test API in Test mode only. In any other mode nothing, so
 * no other extension (a banned one included) can reach the extension's parts through
 * `getExtension(...).exports`.
 */
export function exportedApi<T>(mode: vscode.ExtensionMode, testMode: vscode.ExtensionMode, api: () => T): T | undefined {
  return mode === testMode ? api() : undefined;
}

/** A new, empty set of probes. */
export function newProbes(): Probes {
  return { activation: { activateSyncMs: 0 }, processReads: { count: 0, totalMs: 0, lastMs: 0 }, parserLoads: {} };
}

/** `reader`, timing each read into `probes` (Test mode only). */
export function measuredProcessReader(reader: ProcessReader, probes: Probes): ProcessReader {
  return {
    descendants: async (roots) => {
      const started = performance.now();
      try {
        return await reader.descendants(roots);
      } finally {
        const { processReads } = probes;
        processReads.lastMs = performance.now() - started;
        processReads.totalMs += processReads.lastMs;
        processReads.count++;
      }
    },
  };
}

/** `parsers`, timing their first load into `probes` (Test mode only). */
export function measuredParsers(parsers: Parsers, probes: Probes): Parsers {
  const once = <T>(load: () => Promise<T>): () => Promise<T> => {
    let first: Promise<T> | undefined;
    return () => (first ??= load());
  };
  const timed = async <T>(load: () => Promise<T>, record: (ms: number) => void): Promise<T> => {
    const started = performance.now();
    try {
      return await load();
    } finally {
      record(performance.now() - started);
    }
  };
  const bundle = once(() => timed(() => parsers.bundle(), (ms) => { probes.parserLoads.bundleMs = ms; }));
  // The shell parser's own time, once the bundle it comes in has loaded.
  const reader = once(async () => {
    await bundle();
    return timed(() => parsers.reader(), (ms) => { probes.parserLoads.readerMs = ms; });
  });
  return { bundle, reader };
}

/**
 * The clock the extension reckons deadlines from: `Date.now`, read each time so a host
 * test can set it back as a person could. In Test mode TOOL_POLICY_TEST_CLOCK_SHIFT_MS
 * shifts it from the start, so a restarted editor can begin with its clock turned back
 * (the machine's own clock is never touched).
 */
export function clockSource(testRun: boolean, env: Readonly<Record<string, string | undefined>>): () => number {
  const shift = testRun ? Number(env.TOOL_POLICY_TEST_CLOCK_SHIFT_MS ?? 0) : 0;
  return Number.isFinite(shift) && shift !== 0 ? () => Date.now() + shift : () => Date.now();
}
