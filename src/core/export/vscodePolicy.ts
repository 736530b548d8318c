/**
 * VS Code's `AllowedExtensions` policy, the binding form of `enforce: block`: the rules
 * whose block is honoured (managed and user layers) and whose deadline has passed,
 * written for each platform's policy mechanism. Like the extension's own block, it never
 * blocks this extension or a built-in `vscode.*` extension, and an exception in force for
 * everyone keeps the rule unblocked; an exception for some users or workspaces cannot be
 * expressed machine-wide, and is reported.
 */
import { createHash } from 'node:crypto';
import { isProtectedExtension } from '../enforcement';
import { computePhase } from '../phase';
import type { PolicyRule } from '../policy/types';
import type { ExportPlatform } from './osquery';
import { toolsById, type ToolsFor } from './ruleTools';


export interface AllowedExtensionsPlan {
  /** `{"*": true, "<id>": false, …}`, ids lower-cased and sorted. */
  readonly allowed: Record<string, boolean>;
  readonly blocked: readonly string[];
  /** Things the policy asks for that this form cannot express. */
  readonly notes: readonly string[];
}

/** `toolsFor` gives the tools a rule is matched with (its layer's, see mergeLayers `toolsByLayer`). */
export function allowedExtensionsPlan(rules: readonly PolicyRule[], toolsFor: ToolsFor, now: Date): AllowedExtensionsPlan {
  const blocked = new Set<string>();
  const notes: string[] = [];
  for (const rule of rules) {
    if (rule.enforce !== 'block') continue;
    if (rule.source.layer === 'workspace') {
      notes.push(`rule "${rule.id}": enforce: block is honoured from the managed and user layers only; this one acts as notify`);
      continue;
    }
    const phase = computePhase(rule, now, rule.timezone, { user: '', workspaceFolders: [] });
    if (phase.phase === 'excepted') {
      notes.push(`rule "${rule.id}": an exception for everyone is in force until ${phase.exception?.untilText ?? '?'}; not blocked`);
      continue;
    }
    if (phase.phase !== 'violation') continue;
    if (rule.exceptions.some((exception) => exception.until.getTime() > now.getTime())) {
      notes.push(`rule "${rule.id}": exceptions for some users or workspaces cannot be expressed in a machine-wide policy; the block applies to everyone`);
    }
    const tools = toolsById(toolsFor(rule));
    const wildcards: string[] = [];
    const protectedIds: string[] = [];
    for (const id of rule.tools) {
      for (const extension of tools.get(id)?.extensions ?? []) {
        if (extension.includes('*')) wildcards.push(extension);
        else if (isProtectedExtension(extension)) protectedIds.push(extension);
        else blocked.add(extension.toLowerCase());
      }
    }
    // One note per rule, however many tools it covers.
    if (wildcards.length > 0) {
      notes.push(`rule "${rule.id}": ${wildcards.length === 1 ? 'the wildcard extension id' : 'the wildcard extension ids'} ${wildcards.map((id) => `"${id}"`).join(', ')} cannot be listed in AllowedExtensions; name the extensions one by one`);
    }
    for (const extension of protectedIds) notes.push(`rule "${rule.id}": "${extension}" is never blocked`);
  }
  const ids = [...blocked].sort();
  return { allowed: { '*': true, ...Object.fromEntries(ids.map((id) => [id, false])) }, blocked: ids, notes };
}

/** `/etc/vscode/policy.json`: policy names to values; an object policy's value is its JSON text. */
function linuxPolicyJson(allowedJson: string): string {
  return `${JSON.stringify({ AllowedExtensions: allowedJson }, null, 2)}\n`;
}

/** A .reg file for HKLM\SOFTWARE\Policies\Microsoft\VSCode (REG_SZ holding the JSON). */
function windowsReg(allowedJson: string): string {
  const escaped = allowedJson.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\VSCode]',
    `"AllowedExtensions"="${escaped}"`,
    '',
  ].join('\r\n');
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A stable UUID from content, so the same policy always yields the same profile. */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

/** A macOS configuration profile setting VS Code's managed preference (bundle id com.microsoft.VSCode). */
function macosMobileconfig(allowedJson: string): string {
  const payloadUuid = uuidFrom(`payload:${allowedJson}`);
  const profileUuid = uuidFrom(`profile:${allowedJson}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadDisplayName</key>
      <string>Visual Studio Code</string>
      <key>PayloadIdentifier</key>
      <string>com.microsoft.VSCode.${payloadUuid}</string>
      <key>PayloadType</key>
      <string>com.microsoft.VSCode</string>
      <key>PayloadUUID</key>
      <string>${payloadUuid}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
      <key>AllowedExtensions</key>
      <string>${xml(allowedJson)}</string>
    </dict>
  </array>
  <key>PayloadDescription</key>
  <string>Extensions blocked by the organisation's AI-tool policy.</string>
  <key>PayloadDisplayName</key>
  <string>VS Code: AI-tool policy</string>
  <key>PayloadIdentifier</key>
  <string>tool-policy.vscode.${profileUuid}</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>${profileUuid}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;
}

export function exportVscodePolicy(plan: AllowedExtensionsPlan, platform: ExportPlatform): string {
  const allowedJson = JSON.stringify(plan.allowed);
  switch (platform) {
    case 'linux': return linuxPolicyJson(allowedJson);
    case 'windows': return windowsReg(allowedJson);
    case 'macos': return macosMobileconfig(allowedJson);
  }
}
