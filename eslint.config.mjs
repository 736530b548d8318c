import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';

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
    // The pure core must never depend on the editor.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is editor-free; put editor code in src/vscode.' },
          ...['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'os', 'node:os', 'worker_threads', 'node:worker_threads']
            .map((name) => ({ name, message: 'src/core is pure: read the OS in src/machine.' })),
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is pure: pass what it needs from the OS in as data.' }],
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
