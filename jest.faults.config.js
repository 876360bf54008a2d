// The fault suite (npm run test:faults): private Redis and PostgreSQL servers killed, cut and restarted
// under load. One file at a time: each starts its own servers and measures timings.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testPathIgnorePatterns: [],
  maxWorkers: 1,
  testTimeout: 120_000,
};
