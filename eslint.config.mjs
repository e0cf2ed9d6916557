// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.kafka/**', 'data/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../libs/*', '../libs/*'], message: 'Import libraries through their @app/* alias.' }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', process: 'readonly', __dirname: 'readonly' } },
  },
  {
    // The domain libraries, and the validation leaf they share, stay free of the framework.
    files: ['libs/events/**/*.ts', 'libs/history/**/*.ts', 'libs/validation/**/*.ts', 'libs/insights/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'The domain imports no framework.' },
            { group: ['../../libs/*', '../libs/*'], message: 'Import libraries through their @app/* alias.' },
          ],
        },
      ],
    },
  },
  {
    // The agent desktop runs in the browser: React's rules of hooks, accessible JSX, and nothing from the server.
    files: ['apps/desktop/src/**/*.ts', 'apps/desktop/src/**/*.tsx'],
    extends: [reactHooks.configs.flat['recommended-latest'], jsxA11y.flatConfigs.recommended],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', 'node:*', '@nestjs/*'],
              message: 'The desktop is a browser bundle: it talks to the server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
);
