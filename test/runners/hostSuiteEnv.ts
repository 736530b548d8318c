import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, type Profile } from './codeServer';

/** Installs the real assistant CLIs the suite runs (`claude --version`); returns their bin folder. */
function installTestTools(): string {
  const output = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-test-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').pop() as string;
}

/**
 * What the host and security suites find in their environment, whichever runner starts
 * the editor: the seed policy as the user layer, a managed policy path of their own (the
 * extension honours it in Test mode only, so the machine's real /etc is never touched),
 * the real claude CLI and the test double's .vsix, a state folder of their own, and an empty home folder, so the
 * terminals the tests open start a plain shell whatever the machine's ~/.bashrc does
 * (a slow one makes the editor give up resolving the shell environment).
 */
export function hostSuiteEnv(profile: Profile, doubleVsix: string): Record<string, string> {
  const home = path.join(profile.root, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    HOME: home,
    // The product's state folder, in the profile whatever the machine's environment says.
    XDG_STATE_HOME: path.join(profile.root, 'state'),
    TOOL_POLICY_FILE: path.join(REPO_ROOT, 'test', 'fixtures', 'policies', 'host-seed.yaml'),
    TOOL_POLICY_TEST_MANAGED_FILE: path.join(profile.root, 'managed', 'tool-policy', 'policy.yaml'),
    TOOL_POLICY_TEST_TOOLS_BIN: installTestTools(),
    TOOL_POLICY_TEST_DOUBLE_VSIX: doubleVsix,
  };
}
