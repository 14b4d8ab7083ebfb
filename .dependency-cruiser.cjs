// Import boundaries of Expertnet, checked by test/architecture/boundaries.test.ts (part of `npm test`).
//
// Layers, bottom to top:
//   shared/                     code both roles use; imports only shared/ and packages
//   chain/ miner/ validator/ devnet/   the roles; each imports itself and shared/, never another role
//                                      (the devnet starts the others as processes, it does not import them)
//   cli/                        the `expertnet` toolbox; may import any role
//   scripts/                    build and ops scripts; may import anything but test/ and testkit/
//   testkit/                    scaffolding shared by tests and benches; only test/ and bench/ import it
//   bench/, test/               top of the tree; only test/ imports test/
// Inside chain/: the runtime never imports the node (the node hosts the runtime, not the reverse).
// No cycles, type-only imports included (tsPreCompilationDeps: true).

const roles = ['miner', 'validator', 'chain', 'devnet'];

/** One rule per role: it may not import any other role. */
const roleRules = roles.map((role) => ({
  name: `no-${role}-to-other-roles`,
  comment: `${role}/ imports other roles only through shared/ (move the shared code to shared/).`,
  severity: 'error',
  from: { path: `^${role}/` },
  to: { path: `^(${roles.filter((r) => r !== role).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...roleRules,
    {
      name: 'no-runtime-to-node',
      comment: 'chain/runtime never imports chain/node: the node hosts the runtime.',
      severity: 'error',
      from: { path: '^chain/runtime/' },
      to: { path: '^chain/node/' },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'shared/ is the bottom layer: it imports only shared/, packages and Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: {
        pathNot: '^shared/',
        dependencyTypesNot: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'core'],
      },
    },
    {
      name: 'only-test-imports-test',
      comment: 'test/ is the top of the tree; code benches and tests share lives in testkit/.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'only-test-and-bench-import-testkit',
      comment: 'testkit/ is test and bench scaffolding; production code and scripts never import it.',
      severity: 'error',
      from: { pathNot: '^(test|bench|testkit)/' },
      to: { path: '^testkit/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every relative import resolves to a file.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-dev-deps-in-production',
      comment: 'Daemon and library code does not import devDependencies (they are absent in the image).',
      severity: 'error',
      from: { path: '^(chain|miner|validator|devnet|shared|cli)/', pathNot: '\\.d\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // Count `import type` edges too: a type-only cycle is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
