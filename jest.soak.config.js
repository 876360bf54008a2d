// The soak (npm run test:soak): one server process under steady mixed traffic for SOAK_SECONDS (600 unless
// told), checked for failed requests, memory growth and Redis keys without expiry.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/soak'],
  testPathIgnorePatterns: [],
  maxWorkers: 1,
};
