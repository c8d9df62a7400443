// typescript-eslint's recommended rules, type-aware (`npm run lint`, part of `npm test`).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Rows read with plain SQL carry enum values as strings; comparing them with the enum is the point.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `async` marks a function that answers a promise, as resolver and hook contracts ask, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and the bench read GraphQL answers as untyped JSON (the harness's `gql` answers `any`),
    // on purpose: they drive and assert the wire format, not a client's types.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    ...tseslint.configs.disableTypeChecked,
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    // CommonJS configuration and the child-process loader: require() is what they are made of.
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // The IDE's browser entry, bundled by esbuild (src/tools/build-ide.ts): an ES module in a page.
    files: ['src/server/ide/browser.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: { document: 'readonly', location: 'readonly', Worker: 'readonly', URL: 'readonly', globalThis: 'readonly' },
    },
  },
  {
    // The demo KOL site's page script (examples/kol-site/public): a classic script in a browser.
    files: ['examples/kol-site/public/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', fetch: 'readonly', JSON: 'readonly', Math: 'readonly' },
    },
  },
);
