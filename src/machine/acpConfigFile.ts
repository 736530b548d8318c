/**
 * JetBrains' ACP agent file under a home folder, `~/.jetbrains/acp.json` on every OS
 * (JetBrains AI Assistant's docs, "Agent Client Protocol"), read as `readTextFile` reads a
 * config file: a FIFO or an oversized file is refused, never waited on or read whole.
 */
import * as path from 'node:path';
import { parseAcpConfig } from '../core/detect/acpConfig';
import type { ScannedAcpAgent } from '../core/detect/machineEvidence';
import { readTextFile, type ReadOptions } from './regularFile';

/** Larger files are refused unread. */
const MAX_BYTES = 16 * 1024 * 1024;

export interface AcpConfigScan {
  /** The files that exist. */
  readonly files: readonly string[];
  readonly agents: readonly ScannedAcpAgent[];
  readonly problems: ReadonlyArray<{ readonly where: string; readonly message: string }>;
}

function acpConfigFile(home: string): string {
  return path.join(home, '.jetbrains', 'acp.json');
}

export async function readAcpConfig(home: string, options: ReadOptions = {}): Promise<AcpConfigScan> {
  const file = acpConfigFile(home);
  const { text, error } = await readTextFile(file, MAX_BYTES, options);
  if (error !== undefined) return { files: [file], agents: [], problems: [{ where: file, message: error }] };
  if (text === undefined) return { files: [], agents: [], problems: [] };
  const parsed = parseAcpConfig(text);
  if (!parsed.ok) {
    const { line, column, path: at, message } = parsed.error;
    return { files: [file], agents: [], problems: [{ where: file, message: `${line}:${column}: ${at ? `${at}: ` : ''}${message}` }] };
  }
  return { files: [file], agents: parsed.agents.map((agent) => ({ ...agent, file })), problems: [] };
}
