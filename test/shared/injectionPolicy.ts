/**
 * The injection table: every payload of test/fixtures/injection-fixture/payloads.json in
 * every untrusted field at once (organisation, classification, title, reason, alternative
 * name and description, link titles, exception reasons, tool names, an extension's display
 * name, terminal names and typed command lines). The Node layer runs every payload through
 * the panel's HTML and media/panel.js in jsdom; the e2e layer runs a few in the real editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'injection-fixture');

export const PAYLOADS = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'payloads.json'), 'utf8')) as string[];
/** The hostile extension of the fixture, with its hostile display name. */
export const FIXTURE_ID = 'injection-fixture.hostile-names';
export const FIXTURE_DISPLAY_NAME = (JSON.parse(fs.readFileSync(path.join(FIXTURE, 'package.json'), 'utf8')) as { displayName: string }).displayName;

export const FIELDS = ['organization', 'classification', 'title', 'reason', 'alternative.name', 'alternative.description', 'links[].title', 'exceptions[].reason',
  'tools[].name', 'extension display name', 'terminal names', 'typed command lines'];

/** Links that are not https:, each either refused by the validator or shown as plain text. */
export const BAD_URLS = ['javascript:window.__pwned=101', 'data:text/html,<script>window.__pwned=102</script>', 'http://intranet.example/plain', 'vbscript:msgbox(1)',
  'file:///etc/passwd', 'command:workbench.action.quit', 'https:evil.example', ' javascript:window.__pwned=108'];

/** The names the fixture gives its terminals (test/fixtures/injection-fixture/extension.js). */
export const terminalName = (index: number, payload: string): string => `tp${index} ${payload}`;

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The lines the fixture types into its shell, in order: one per payload a shell line can hold. */
export const TYPED_LINES: readonly string[] = PAYLOADS.filter((payload) => !/[\r\n]/.test(payload) && payload.length < 1000)
  .map((payload) => `claude ${shellQuote(payload)} 2>/dev/null`);

const q = (text: string) => JSON.stringify(text);

/** The policy of round `round`: `payload` in every field a policy holds. */
export function policyFor(round: number, payload: string): string {
  return [
    'version: 1',
    `organization: ${q(payload)}`,
    'timezone: UTC',
    'tools:',
    `  - id: hostile-${round}`,
    `    name: ${q(payload)}`,
    `    extensions: [${FIXTURE_ID}]`,
    `    terminalNames: [${PAYLOADS.map((p, i) => q(terminalName(i, p))).join(', ')}]`,
    'rules:',
    `  - id: hostile-rule-${round}`,
    `    tool: hostile-${round}`,
    `    classification: ${q(payload)}`,
    `    title: { en: ${q(payload)}, zh-cn: ${q(payload)} }`,
    `    reason: ${q(`${payload}\n\n- ${payload}`)}`,
    '    alternative:',
    `      name: ${q(payload)}`,
    `      description: ${q(payload)}`,
    '      url: https://intranet.example/alternative',
    `      commands: [round-${round}]`,
    `    links: [{ title: ${q(payload)}, url: "https://intranet.example/memo/${round}" }]`,
    '    exceptionRequestUrl: "https://intranet.example/ask?tool={tool}&rule={rule}&user={user}"',
    '  - id: claude-rule',
    '    tool: claude-code',
    `    title: ${q(payload)}`,
    '    exceptions:',
    `      - { until: 2099-01-01, reason: ${q(payload)} }`,
    '',
  ].join('\n');
}

/** The policy whose memo link is `url` instead of an https: one. */
export function policyWithLink(url: string): string {
  return policyFor(999, 'refused-link').replace('url: "https://intranet.example/memo/999"', `url: ${q(url)}`);
}

/** Elements and attributes media/panel.js creates; anything else came from somewhere else. */
export const TAGS = ['header', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'em', 'code', 'button', 'section', 'article', 'ul', 'ol', 'li'];
export const ATTRIBUTES = ['class', 'type', 'title', 'aria-label', 'role', 'data-finding'];
