import { takeCoverage } from 'node:v8';

/**
 * Root hooks for the unit layer. In `--parallel` mode mocha runs this after each test file
 * in its worker and force-kills workers that are slow to exit, which would drop the
 * coverage V8 writes at exit (NODE_V8_COVERAGE, set by c8): writing it after every file
 * keeps it. Without NODE_V8_COVERAGE, takeCoverage does nothing.
 */
export const mochaHooks = {
  afterAll(): void {
    takeCoverage();
  },
};
