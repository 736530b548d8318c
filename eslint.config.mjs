import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';

/** Node modules that reach the operating system: only src/machine (and the faces' entry points) read it. */
const OS_MODULES = ['fs', 'fs/promises', 'child_process', 'os', 'worker_threads', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'cluster', 'readline', 'process', 'v8', 'vm', 'inspector']
  .flatMap((name) => [name, `node:${name}`]);

/** An import of another layer's folder (or of the editor's API), by its path. */
const layer = (...names) => ({ regex: `(^|/)(${names.join('|')})(/|$)` });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test-results/', 'test/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Regular expressions meet untrusted text everywhere (policy files, extension names,
    // terminal lines, config files): none may take more than linear time on any input.
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { regexp },
    ignores: [
      // The command-line tokenizer of an earlier version, kept as generated so the benchmark
      // compares against it as it was (see its header); never run on anyone's input.
      'bench/legacyCommandLine.mjs',
    ],
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-dupe-disjunctions': ['error', { report: 'interesting' }],
    },
  },
  {
    // The pure core: no editor, no other layer, nothing that reads the OS.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is editor-free; put editor code in src/vscode.' },
          ...OS_MODULES.map((name) => ({ name, message: 'src/core is pure: read the OS in src/machine.' })),
        ],
        patterns: [{ ...layer('machine', 'vscode', 'cli'), message: 'src/core imports nothing from the other layers: data flows from them into the core.' }],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/core is pure: pass what it needs from the OS in as data.' },
        { name: 'Buffer', message: 'src/core is pure and runs anywhere: use Uint8Array and TextDecoder.' },
      ],
    },
  },
  {
    // The machine readers serve both faces: never the editor.
    files: ['src/machine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/machine serves the command line too: it never imports the editor.' }],
        patterns: [{ ...layer('vscode', 'cli'), message: 'src/machine is below both faces: it imports neither.' }],
      }],
    },
  },
  {
    // The command-line face: never the editor.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The command line runs without an editor.' }],
        patterns: [{ ...layer('vscode'), message: 'The command line does not use the editor face.' }],
      }],
    },
  },
  {
    // The editor face: the editor's API only as types (src/extension.ts passes the real
    // objects), the OS only through src/machine readers.
    files: ['src/vscode/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', allowTypeImports: true, message: 'Editor classes take the narrow part of the API they use from src/extension.ts (import type only).' },
          ...OS_MODULES.map((name) => ({ name, message: 'The editor layer reads the OS through src/machine readers.' })),
        ],
        patterns: [{ ...layer('cli'), message: 'The editor face does not use the command-line face.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The editor layer reads the OS through src/machine readers; src/extension.ts passes what it needs.' }],
    },
  },
  {
    files: ['bench/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'bench/**/*.mjs', 'bench/**/*.cjs', 'eslint.config.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
