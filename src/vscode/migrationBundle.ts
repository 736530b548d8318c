/**
 * Entry of dist/migration.js: "Move my setup" (the flow, its views, the plan's readers with
 * their YAML parser, and the engine's thread). Activation never needs any of it, so the
 * activation bundle loads it the first time a person asks for a move (migrationLoader.ts)
 * instead of compiling and running it on every start of the editor.
 */
export { MigrationFlow } from './migrationFlow';
export { MoveOffThread } from '../machine/migrate/moveWorker';
