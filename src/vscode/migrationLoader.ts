import * as path from 'node:path';
import type { MigrationView } from '../core/present/migrationView';
import type { MigrationFlow } from './migrationFlow';

export type MigrationBundle = typeof import('./migrationBundle');

/** Loads dist/migration.js from the extension's dist/ folder. */
export function migrationBundleIn(distDir: string): () => MigrationBundle {
  // A computed path keeps esbuild from bundling it into the activation bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded at run time
  return () => require(path.join(distDir, 'migration.js')) as MigrationBundle;
}

type Flow = Pick<MigrationFlow, 'planForRule' | 'planFromCommand' | 'apply' | 'close'>;

/**
 * The "Move my setup" flow, built the first time a person asks for a move (a rule card's
 * button, the command). Until then nothing is planned, so closing a plan is a no-op. A
 * bundle that cannot be loaded is logged and the request answered with no plan, each time
 * it is asked for (a later update of the files may fix it).
 */
export class LazyMigrationFlow implements Flow {
  private flow: Flow | undefined;

  constructor(private readonly build: () => Flow, private readonly log: (message: string) => void) {}

  planForRule(ruleId: string): Promise<MigrationView | undefined> {
    return this.withFlow((flow) => flow.planForRule(ruleId));
  }

  planFromCommand(): Promise<MigrationView | undefined> {
    return this.withFlow((flow) => flow.planFromCommand());
  }

  apply(planId: string): Promise<MigrationView | undefined> {
    // No flow yet: no plan was ever shown, so there is none to apply.
    return this.flow ? this.flow.apply(planId) : Promise.resolve(undefined);
  }

  close(planId: string): void {
    this.flow?.close(planId);
  }

  private withFlow(use: (flow: Flow) => Promise<MigrationView | undefined>): Promise<MigrationView | undefined> {
    try {
      this.flow ??= this.build();
    } catch (error) {
      this.log(`Move my setup could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      return Promise.resolve(undefined);
    }
    return use(this.flow);
  }
}
