/**
 * The house rules of ARCHITECTURE.md, checked by `npm run check` (dependency-cruiser reads the
 * TypeScript sources). A rule here is a line of that file: change both together.
 */
const SERVICES = '^(gateway|subgraphs)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle makes load order matter and layers meaningless.', from: {}, to: { circular: true } },
    {
      name: 'platform-imports-nothing-of-ours',
      severity: 'error',
      comment: 'platform/ is the ground floor: Node and npm packages only.',
      from: { path: '^platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(access-policies|audit-trail|synthetic-city|gateway|subgraphs|runner|schema|bench|tests)/' },
    },
    {
      name: 'rooms-of-layer-2-stand-alone',
      severity: 'error',
      comment: 'The policy runtime, the audit trail and the synthetic city import platform/ and no other room of ours.',
      from: { path: '^(access-policies/runtime|audit-trail|synthetic-city)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(access-policies/compiler|gateway|subgraphs|runner|schema|bench|tests)/|^(access-policies/runtime|audit-trail|synthetic-city)/',
        pathNot: '^$1/',
      },
    },
    {
      name: 'services-import-no-runner-and-no-build-tools',
      severity: 'error',
      comment: 'A running service never loads the launcher or composition/compile-time code.',
      from: { path: SERVICES, pathNot: '(\\.test\\.ts|/scripts/|/prisma/seed\\.ts)$|^subgraphs/kit/scripts/' },
      to: { path: '^(runner|schema|access-policies/compiler|bench|tests)/' },
    },
    {
      name: 'gateway-imports-no-subgraph',
      severity: 'error',
      comment: 'The gateway meets subgraphs over HTTP only.',
      from: { path: '^gateway/' },
      to: { path: '^subgraphs/' },
    },
    {
      name: 'subgraphs-import-no-other-subgraph',
      severity: 'error',
      comment: 'Subgraphs meet through the gateway or a change feed; subgraphs/kit is what they share.',
      from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/kit/' },
      to: { path: '^subgraphs/', pathNot: ['^subgraphs/$1/', '^subgraphs/kit/'] },
    },
    {
      name: 'nothing-imports-the-runner',
      severity: 'error',
      comment: 'The runner composes services; only tests and the benchmark start it.',
      from: { pathNot: '^(runner|tests|bench)/' },
      to: { path: '^runner/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/|/prisma/generated/|^gateway/console/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
