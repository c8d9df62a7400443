/**
 * The house's layers, checked in `npm test` (`npm run lint`): lib/ imports nothing above it.
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-is-the-bottom',
      comment: 'lib/ holds small shared pieces with no upward imports.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(server|db|modules)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
