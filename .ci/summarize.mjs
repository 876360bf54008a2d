// Sums Jest's JSON results into the one line CI reads: "N passed, N failed". A result file that is
// missing, or a test file that could not run, counts as a failure. Exits 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';

const [failedSteps, ...files] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedSteps) || 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${file}: no results (Jest did not finish)`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  for (const suite of result.testResults.filter((suite) => suite.status === 'failed')) {
    console.error(`${file}: FAILED ${suite.name}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
