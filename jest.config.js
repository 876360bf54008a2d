// Jest runs the TypeScript sources as ES modules (oidc-provider and openid-client are ESM-only):
// ts-jest's ESM preset under NODE_OPTIONS=--experimental-vm-modules (see the npm test script).
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault suite and the soak have runs of their own (npm run test:faults, npm run test:soak).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/', '<rootDir>/test/soak/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 60_000,
  // Integration tests start servers and databases: two at a time suits a 2-core machine.
  maxWorkers: 2,
};
