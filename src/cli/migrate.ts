/**
 * `tool-policy migrate` (SPEC §4, README "Moving to the sanctioned tool"): the person's
 * setup of a banned tool, planned for the sanctioned one (which moves: core/migrate/pairs.ts),
 * and written only with --apply.
 */
import * as path from 'node:path';
import { DEFAULT_USER_PLACE, type UserConfigPlace } from '../core/migrate/layout';
import { decidePairs } from '../core/migrate/pairs';
import { summarise } from '../core/migrate/plan';
import {
  isMigrationSource, isMigrationTarget, MIGRATION_SOURCES, MIGRATION_TARGETS, type MigrationPlan, type MigrationPlatform,
  type MigrationSource, type MigrationTarget,
} from '../core/migrate/types';
import { configPlace } from '../machine/migrate/configPlace';
import { applyMove, planMove } from '../machine/migrate/migration';
import { expandHome } from '../machine/user';
import { problemLine } from './formatText';
import { checkHome } from './home';
import { migrateReport, migrateText, type MigrationRun } from './migrateOutput';
import { oneOf, parseCommandArgs, UsageError } from './options';
import { loadPolicies } from './policies';
import type { CliEnvironment } from './environment';
import { EXIT } from '../core/report/scanReport';
import { colourWanted, painter, safeText } from './terminalText';

export async function migrate(args: readonly string[], io: CliEnvironment): Promise<number> {
  const { values } = parseCommandArgs(args, {
    policy: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    project: { type: 'string', multiple: true },
    home: { type: 'string' },
    format: { type: 'string' },
    apply: { type: 'boolean' },
  }, false);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (values.from !== undefined && !isMigrationSource(values.from)) {
    throw new UsageError(`--from "${safeText(values.from)}": migrate reads the setup of ${MIGRATION_SOURCES.join(', ')} only`);
  }
  if (values.to !== undefined && !isMigrationTarget(values.to)) {
    throw new UsageError(`--to "${safeText(values.to)}": migrate moves a setup to ${MIGRATION_TARGETS.join(', ')}`);
  }
  const home = await existingFolder('--home', values.home === undefined ? io.homedir() : path.resolve(expandHome(values.home)));
  const projects: string[] = [];
  for (const project of values.project ?? [process.cwd()]) projects.push(await existingFolder('--project', path.resolve(expandHome(project))));

  const loaded = await loadPolicies(values.policy ?? [], io.platform, io.env);
  if (loaded.policy.problems.length > 0) {
    for (const problem of loaded.policy.problems) io.stderr.write(`${problemLine(problem)}\n`);
    return EXIT.policyError;
  }
  const explicit = values.from !== undefined && values.to !== undefined;
  if (loaded.none && !explicit) {
    io.stderr.write(`tool-policy: no policy found (looked at ${loaded.locations.map((l) => l.path).join(', ')}); name one with --policy FILE, or name the move with --from and --to\n`);
    return EXIT.policyError;
  }
  const decided = decidePairs(loaded.policy.rules, values.from as MigrationSource | undefined, values.to as MigrationTarget | undefined);
  const { untargeted } = decided;
  if (decided.pairs.length === 0 && untargeted.length > 0) {
    const rules = `rule${untargeted.length === 1 ? '' : 's'} ${untargeted.join(', ')} name${untargeted.length === 1 ? 's' : ''}`;
    throw new UsageError(`cannot tell where to move the setup: ${rules} no alternative.tool; name the target with --to ${MIGRATION_TARGETS.join('|')}`);
  }
  const notes = [...decided.unsupported, ...untargeted.map((id) => `Rule ${id}: names no alternative.tool; name its target with --to.`)];

  const platform: MigrationPlatform = io.platform === 'win32' || io.platform === 'darwin' ? io.platform : 'linux';
  // Another user's home folder: this process's CLAUDE_CONFIG_DIR does not describe it.
  const place = values.home === undefined ? placeFromEnvironment(io.env.CLAUDE_CONFIG_DIR, home, notes) : DEFAULT_USER_PLACE;
  const toolName = (id: string) => loaded.policy.tools.find((tool) => tool.id === id)?.name ?? id;

  const runs: MigrationRun[] = [];
  let failed = false;
  if (decided.pairs.length > 0) {
    const plans = await planMove({ home, projects, platform, userPlace: place }, decided.pairs);
    for (const [index, pair] of decided.pairs.entries()) {
      let plan = plans[index] as MigrationPlan;
      if (values.apply) {
        const applied = await applyMove(plan);
        failed ||= applied.results.some((result) => result.outcome !== 'written');
        plan = applied.plan;
      }
      runs.push({ plan, fromName: toolName(pair.from), toName: toolName(pair.to), rules: pair.rules });
    }
  } else if (notes.length === 0) {
    notes.push(`Nothing to move: no rule of the policy covers a tool whose setup migrate can read (${MIGRATION_SOURCES.join(', ')}).`);
  }

  const leftForPerson = failed || decided.unsupported.length > 0 || runs.some((run) => summarise(run.plan).leftForPerson);
  const exitCode = leftForPerson ? 1 : EXIT.ok;
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(migrateReport(runs, { applied: values.apply === true, home, projects, notes, exitCode }), null, 2)}\n`);
  } else {
    io.stdout.write(migrateText(runs, { applied: values.apply === true, notes, paint: painter(colourWanted(io.stdout.isTTY === true, io.env)) }));
  }
  return exitCode;
}

/** `--home` and each `--project` must be existing, readable folders, as for scan. */
async function existingFolder(option: string, folder: string): Promise<string> {
  await checkHome(folder, option);
  return folder;
}

/** CLAUDE_CONFIG_DIR moves `~/.claude` (and `.claude.json` into it); read only inside the home folder. */
function placeFromEnvironment(configDir: string | undefined, home: string, notes: string[]): UserConfigPlace {
  const { place, note } = configPlace(configDir, home);
  if (note !== undefined) notes.push(safeText(note));
  return place;
}
