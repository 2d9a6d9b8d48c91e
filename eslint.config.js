// Type-aware lint: the rules that catch what tsc and tsx cannot see (a promise nobody awaits or
// catches, a promise passed where a callback's result is ignored). Style is not linted here.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp/', 'bench/results/', 'bin/', 'console/dist/'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The policy returns refusals as values; only api/ speaks HTTP (test/policy/boundary.test.ts).
    files: ['src/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/api', '**/api/**'], message: 'src/policy/ must not import from src/api/: return a Refusal (src/policy/refusal.ts) instead.' }] }],
    },
  },
);
