/**
 * The house's layers and module boundaries, checked in `npm test` (`npm run lint:deps`):
 * no cycle between modules, lib/ imports nothing above it.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment: 'Modules form no import cycle: a rule that crosses modules plugs into a seam declared in a manifest.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { circular: true, path: '^src/modules/([^/]+)/', pathNot: '^src/modules/$1/' },
    },
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
