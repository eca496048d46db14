// @ts-check
// `npm run lint`: every rule below holds for the whole repository; nothing is suppressed in bulk.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'bench/results/', 'test/gql/', 'drizzle/', '.scratch/', 'packages/client/src/gql/', 'web/src/gql/', 'web/dist/'] },
  {
    files: ['**/*.ts'],
    // The web inbox has a program of its own (DOM, JSX): the block after this one.
    ignores: ['web/**'],
    // Type-aware rules (floating promises, unsafe `any`): one TypeScript program from tsconfig.json,
    // which includes every folder linted here.
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `any` needs a reason: `// eslint-disable-next-line @typescript-eslint/no-explicit-any -- why`.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // An `async` function without `await` is how an implementation of a Promise-returning
      // interface turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // Passing on a rejection caught as `unknown` is fine; rejecting with a string is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [eslint.configs.recommended],
  },
);
