import { MonotonicClock } from '../../../src/core/phase';
import type { UnreadItem } from '../../../src/core/detect/gatherEvidence';
import { mergeLayers, type EffectivePolicy } from '../../../src/core/policy/mergeLayers';
import { formatMessage } from '../../../src/core/present/localize';
import type { ToolDefinition } from '../../../src/core/tools';
import { Emitter } from '../../../src/vscode/emitter';
import { CLAUDE_RUNNING } from './snapshots';

/** Sources that hold plain data and announce changes when told. */
export function fakeSources() {
  const changed = { store: new Emitter<EffectivePolicy>(), inventory: new Emitter<void>(), terminals: new Emitter<void>(), commands: new Emitter<void>(), mcp: new Emitter<void>(), enforcer: new Emitter<void>() };
  const calls: string[] = [];
  const held = {
    policy: mergeLayers([]), extensions: [...CLAUDE_RUNNING],
    unread: { inventory: [] as UnreadItem[], commands: [] as UnreadItem[], mcp: [] as UnreadItem[] },
  };
  const sources = {
    store: { get policy() { return held.policy; }, load: async () => { calls.push('load'); return held.policy; }, onDidChange: changed.store.event },
    inventory: { list: () => held.extensions, problems: () => held.unread.inventory, readInstalled: async () => { calls.push('readInstalled'); }, onDidChange: changed.inventory.event },
    terminals: { typedCommands: () => [], terminalProcesses: () => [], scan: async () => { calls.push('scanTerminals'); }, onDidChange: changed.terminals.event },
    installedCommands: { found: () => [], problems: () => held.unread.commands, scan: async (tools: readonly ToolDefinition[]) => { calls.push(`scanCommands:${tools.flatMap((t) => t.commands).includes('acme') ? 'with acme' : 'catalog'}`); }, onDidChange: changed.commands.event },
    mcpServers: { seen: () => [], problems: () => held.unread.mcp, onDidChange: changed.mcp.event },
    enforcer: { enforced: [] as readonly string[], onDidChange: changed.enforcer.event },
    clock: new MonotonicClock(() => Date.now()),
    t: formatMessage,
    userName: () => 'me',
    windows: false,
  };
  return { sources, changed, calls, held };
}
