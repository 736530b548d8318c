import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { getApi, managedFile, ORG_POLICY, orgRuleHolds, put, rescanUntil, waitFor } from './support';

/**
 * Hostile policy files where a person meets them: the managed policy replaced by each
 * one in turn, in the real editor. Each must end refused with its own precise problem
 * (the status bar says "policy error", never "No tool policy" or compliant), the last good
 * policy stays in force, and Validate Policy File names the same problem.
 */
const HOSTILE: Array<{ name: string; text: string; problem: RegExp }> = [
  { name: 'a rule key "constructor"', text: `${ORG_POLICY}    constructor: x\n`, problem: /rules\[0\]\.constructor: unknown key "constructor"/ },
  { name: 'a "__proto__" key in JSON', text: '{"version": 1, "organization": "Org Security", "__proto__": {"x": 1}, "rules": [{"id": "r", "tool": "claude-code"}]}', problem: /__proto__: unknown key "__proto__"/ },
  { name: 'a "toString" key under alternative', text: `${ORG_POLICY}    alternative: { name: Qoder, toString: x }\n`, problem: /rules\[0\]\.alternative\.toString: unknown key "toString"/ },
  { name: 'an undefined alias', text: `${ORG_POLICY}    reason: *nope\n`, problem: /the alias \*nope refers to no anchor/ },
  { name: 'a %YAML 1.1 document', text: `%YAML 1.1\n---\n${ORG_POLICY}`, problem: /asks for YAML 1\.1/ },
  { name: 'a complex key', text: `${ORG_POLICY}    ? [a, b]\n    : 1\n`, problem: /complex keys such as "\? \[a, b\]" are not allowed/ },
  { name: 'an http: contact', text: ORG_POLICY.replace('timezone: UTC', 'timezone: UTC\ncontact: http://intranet.example/security'), problem: /contact: "http:\/\/intranet\.example\/security" is neither an e-mail address nor an https: URL/ },
  { name: 'an unclosed glob', text: `${ORG_POLICY}    exceptions:\n      - until: 2099-01-01\n        workspaces: ["**/{a"]\n`, problem: /workspaces\[0\]: "\*\*\/\{a" is not a valid glob/ },
  { name: 'a glob whose braces multiply the work', text: `${ORG_POLICY}    exceptions:\n      - until: 2099-01-01\n        workspaces: ["**/{?,?}{?,?}{?,?}{?,?}{?,?}*${'a'.repeat(200)}b"]\n`, problem: /braces expand to \d+ characters of patterns/ },
  { name: 'an alias bomb', text: `${ORG_POLICY}    reason: x\nx1: &a [y,y,y,y,y,y,y,y,y,y]\nx2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx3: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx4: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nx5: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nx6: [*e,*e,*e]\n`, problem: /aliases expand to more than 200,000 values/ },
];

describe('hostile policy files, where a person meets them', function () {
  this.timeout(60_000);

  before(async () => {
    put(managedFile(), ORG_POLICY);
    await rescanUntil(await getApi(), orgRuleHolds, 'the organisation policy in force');
  });

  after(async () => {
    put(managedFile(), ORG_POLICY);
    await rescanUntil(await getApi(), orgRuleHolds, 'the organisation policy back');
  });

  for (const hostile of HOSTILE) {
    it(`${hostile.name}: refused with its own problem, the last good policy kept, and Validate says the same`, async () => {
      const api = await getApi();
      put(managedFile(), hostile.text);
      const snapshot = await rescanUntil(api, (s) => s.policy.problems.some((p) => hostile.problem.test(`${p.path}: ${p.message}`)), `the problem of ${hostile.name}`);
      assert.ok(orgRuleHolds(snapshot), 'the last good organisation rule stays in force');
      await waitFor(() => api.statusBarItem.text, (text) => /policy error/i.test(text), 5000, 'the status bar names the error');
      assert.doesNotMatch(api.statusBarItem.text, /No tool policy/i);
      const problems = await vscode.commands.executeCommand<Array<{ path: string; message: string }>>('toolPolicy.validatePolicy', vscode.Uri.file(managedFile()));
      assert.ok(problems.some((p) => hostile.problem.test(`${p.path}: ${p.message}`)), JSON.stringify(problems.slice(0, 3)));
    });
  }
});
