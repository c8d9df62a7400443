/**
 * The house's layers, checked in `npm test` (`npm run lint`): lib/ imports nothing above it, and
 * the modules import nothing of the composition root (server/), the database setup (db/) or main.
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
    {
      name: 'modules-below-server',
      comment:
        'Modules are wired by the composition root, never the other way: what they need of the process reaches them through the request context (src/lib/request-context.ts).',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server|db)/|^src/main' },
    },
    {
      name: 'no-module-cycles',
      comment:
        'The modules form no cycle: a module uses only those before it in src/modules/index.ts; what a later module adds plugs into a seam of its manifest (a pricing step, an order hook, an outbox subscriber).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
