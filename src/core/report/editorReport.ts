/**
 * The editor's "Export Compliance Report" as JSON: the same report model and schema as
 * `tool-policy scan --format json` (schemas/scan-report.v1.json), from the snapshot the
 * panel shows, with what only the editor sees (terminals, typed commands, the host editor)
 * in the fields the schema keeps for it.
 */
import { unreadItems } from '../detect/gatherEvidence';
import type { Snapshot } from '../snapshot';
import { buildScanReport, type ScanReport } from './scanReport';

export interface EditorReportContext {
  readonly generatedAt: Date;
  readonly host: string;
  /** The home folder of the user the editor runs as. */
  readonly home: string;
  /** The extension's version. */
  readonly version: string;
  /** The display language, for the policy's texts. */
  readonly language: string;
}

export function buildEditorReport(snapshot: Snapshot, context: EditorReportContext): ScanReport {
  const { seen, subject } = snapshot;
  return buildScanReport({
    policy: snapshot.policy,
    findings: snapshot.findings,
    now: snapshot.now,
    generatedAt: context.generatedAt,
    host: context.host,
    home: context.home,
    owner: { ...(subject.uid !== undefined ? { uid: subject.uid } : {}), ...(subject.user !== '' ? { user: subject.user } : {}), groups: [...(subject.groups ?? [])] },
    // The editor watches the processes of its own terminals, which are its user's.
    processOwners: 'owner',
    version: context.version,
    scanned: {
      // The editor lists extensions through its own API, not from folders.
      editorFolders: [],
      mcpFiles: [...new Set(seen.mcpServers.map((server) => server.file))],
      processes: seen.terminalProcesses.reduce((count, terminal) => count + terminal.processes.length, 0),
    },
    // What the editor's sources could not read: the same items `scan` names, same status rule.
    scanProblems: unreadItems(seen),
    language: context.language,
    memory: snapshot.memory,
    editor: {
      appName: seen.hostEditor?.appName ?? '',
      uriScheme: seen.hostEditor?.uriScheme ?? '',
      workspaceFolders: [...subject.workspaceFolders],
      extensions: seen.extensions.length,
      terminals: seen.terminalNames.length,
    },
  });
}
