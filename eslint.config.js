// Lint setup: typescript-eslint recommended rules on sources, tests and benchmarks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The stage folders of src/ (layers in docs/architecture.md). */
const STAGES = 'model|core|profile|static|analysis|report|check|gotest|watch|io|cli';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'testdata/**',
      'coverage/**',
      'bench/out/**',
      '**/*.d.ts',
      'src/watch/web/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // A stage folder's index.ts is its door: from another folder, import `../<folder>/index.js`, never a file
    // inside it. The one other door is a `*-entry.ts` file: a subset of index.ts for a command's hot path (scan's
    // warm re-scan must not load every rule module and renderer that index.ts re-exports). test/architecture/layers.test.ts checks the same on the whole graph, plus layer order and cycles.
    files: ['src/**/*.ts'],
    ignores: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${STAGES})/(?!index\\.js$|[a-z-]+-entry\\.js$)`,
              message: "Import another stage through its index.ts ('../<folder>/index.js') or a *-entry.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\./(${STAGES})/(?!index\\.js$)`,
              message: "The library entry imports each stage through its index.ts ('./<folder>/index.js').",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', document: 'readonly', window: 'readonly' },
    },
  },
);
