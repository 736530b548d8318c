/**
 * End to end, as a person would, in one workbench whose display language is English: the
 * packaged .vsix installed in code-server next to the test-double anthropic.claude-code and
 * the injection fixture, driven through Chromium. Each group of checks sets the policy and
 * the colour theme it needs within the session (test/e2e/session.ts); the uninstall comes
 * last, since it removes the extension the others find. Screenshots go to
 * test-results/screenshots/ (git-ignored).
 */
import { englishReaderChecks, highContrastCheck } from './english/englishReader';
import { injectionChecks } from './english/injection';
import { seedWithDeadlineIn, statusAndPanelChecks, uninstallCheck } from './english/statusAndPanel';
import { sharedWorkbench, THEMES } from './session';

describe('the packaged extension in an English workbench (code-server through Chromium)', function () {
  const session = sharedWorkbench({ theme: THEMES.dark, policy: seedWithDeadlineIn(12), fixtures: ['claude-code-double', 'injection-fixture'] });

  statusAndPanelChecks(session);
  injectionChecks(session);
  englishReaderChecks(session);
  highContrastCheck(session);
  uninstallCheck(session);
});
