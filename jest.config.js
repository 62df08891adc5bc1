// Jest runs TypeScript as native ESM (NestJS 12 and bpmn.io packages are ESM-only).
// NODE_OPTIONS=--experimental-vm-modules is set by scripts/test-all.mjs.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/server/tsconfig.json', diagnostics: false }],
  },
  testEnvironment: 'node',
};

export default {
  ...common,
  // One embedded PostgreSQL for the whole run, shared by the suites that need a database.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // A global option in jest 30 (not per project): database and browser suites start real servers.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/server/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ],
};
