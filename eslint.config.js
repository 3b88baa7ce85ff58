// Lint config. Besides the usual checks it enforces where code runs (the architecture in README.md):
// the engine (app/) never reaches electron, react or the DOM; the wizard (renderer/) never reaches
// Node built-ins, electron or the engine's runtime code (types are fine); the browser-mode host
// (main/web/) never reaches electron; inside the engine, no folder imports a floor above it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const uiPackages = ['electron', 'react', 'react-dom', 'react-dom/*', 'react/*', 'zustand', 'zustand/*'];

/**
 * The floors of the engine (app/), lowest first. A folder may import its own floor and the floors
 * below it, never one above: the binary readers know nothing of environments, environments nothing
 * of diagnoses, diagnoses nothing of repairs, and nothing below the contract knows the wire.
 * Every folder of app/ is on one floor (tests/foundation/layer-rules.test.ts checks it).
 */
export const appFloors = ['messages', 'base', 'log', 'process', 'input', 'binary', 'envs', 'host-facts', 'package-index', 'diagnosis', 'report', 'repair', 'contract', 'api', 'cli'];

/** The engine's import rules for a file on `floor` (null: a file directly in app/). */
function appImportRule(floor) {
  const above = floor === null ? [] : appFloors.slice(appFloors.indexOf(floor) + 1);
  const patterns = [
    { group: ['react/*', 'react-dom/*', 'zustand/*'], message: 'app/ is the engine: no UI code.' },
    { group: ['**/main/**', '**/renderer/**'], message: 'app/ must not depend on the shells that host it.' },
  ];
  if (above.length > 0) {
    patterns.push({ regex: `^(\\.\\./)+(${above.join('|')})(/|$)`, message: `app/${floor}/ may not import a floor above it (${above.join(', ')}): move what both need down, or pass it in.` });
  }
  if (floor === 'contract') {
    // The wire types reach the renderer's type check, which must not load Node code: envs/types.ts alone is allowed here.
    patterns.push({ regex: '^(\\.\\./)+envs/(?!types$)', message: "Import app/envs through its index ('../envs'), which is its public API (the contract may take '../envs/types', its plain types)." });
  } else if (floor !== 'envs') {
    patterns.push({ regex: '^(\\.\\./)+envs/', message: "Import app/envs through its index ('../envs'), which is its public API." });
  }
  return {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: uiPackages.filter((p) => !p.includes('*')).map((name) => ({ name, message: 'app/ is the engine: plain TypeScript, no electron or UI code.' })),
      patterns,
    }],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Files outside the floors (app/version.ts, a new folder not placed yet) get the engine's rules alone.
    files: ['app/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: appImportRule(null),
  },
  // One block per floor, later blocks replacing the rule, so each lists the floors above it.
  ...appFloors.map((floor) => ({ files: [`app/${floor}/**/*.ts`], rules: appImportRule(floor) })),
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'renderer/ runs in a sandboxed page: it reaches the engine only through the API the preload exposes.' })),
        patterns: [
          // The engine's message catalogs (app/messages: plain data and a formatter) are the one exception.
          { regex: '^(\\.\\./)+app/(?!messages(/index)?$)', allowTypeImports: true, message: 'renderer/ may import types from app/, never its runtime code (app/messages, the catalogs, excepted).' },
          { group: ['**/main/**'], message: 'renderer/ may not import the main process.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'main/ may not import the renderer.' }],
      }],
    },
  },
  {
    // The preload runs in the page's process: the operation names only, never zod and the schemas.
    files: ['main/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/renderer/**'], message: 'main/ may not import the renderer.' },
          { regex: '^(\\.\\./)+app/(?!contract/operation-names$)', allowTypeImports: true, message: 'The preload takes only app/contract/operation-names at run time (types from anywhere).' },
        ],
      }],
    },
  },
  {
    files: ['main/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The browser-mode host runs in plain Node.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'main/ may not import the renderer.' }],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.tsx', 'scripts/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tool configs are read through their default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
