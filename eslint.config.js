// Lint rules: type-checked TypeScript, layer boundaries (app → adapters → core; sims stand alone), named exports.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const coreAndSimZones = [
  {
    target: './src/core',
    from: './src',
    except: ['./core'],
    message: 'core is pure: it imports nothing outside core.',
  },
  { target: './src/adapters', from: './src/app', message: 'adapters never import app.' },
  { target: './src/sims', from: './src', except: ['./sims'], message: 'simulators import nothing from crmhub.' },
];
// Production adapter code is written from the contracts, not the simulators; their tests run against the simulators.
const layerZones = [
  ...coreAndSimZones,
  { target: './src/adapters', from: './src/sims', message: 'adapters are built from the contracts, not the sims.' },
  {
    target: './src/contract',
    from: './src',
    except: ['./contract', './core'],
    message: 'the API contract is shared with the web: it imports only zod and core.',
  },
  {
    target: './src/app/http',
    from: './src/adapters/db',
    message: 'routes call use-cases; repositories and SQL stay behind them.',
  },
];
// SQL lives only in src/adapters/db: nothing else in src may import a database client.
const databaseClients = ['kysely', 'pg', 'pg-boss'].map((name) => ({
  name,
  message: 'database clients are used only under src/adapters/db.',
}));

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', '.crmhub', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/db/**'],
    rules: { 'no-restricted-imports': ['error', { paths: databaseClients }] },
  },
  {
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 80, IIFEs: true }] },
  },
  {
    // Test helpers type the JSON they fetch by a type argument (a checked cast, as fetch's own json() would be).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-parameters': 'off' },
  },
  {
    files: ['src/**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: coreAndSimZones }] },
  },
  {
    files: ['eslint.config.js', 'web/vite.config.ts', 'vitest.config.ts', 'test/setup/*.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
