// A vitest reporter for `npm test` (scripts/test.mjs): writes the tests that passed only on a retry
// to the file named by TOCSIN_RETRIED_OUT, so the summary can name them. vitest's JSON report
// counts such a test as passed and does not say it was retried, which would hide a flaky test.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { why } from './test-why.mjs';

export default class RetriedReporter {
  retried = [];

  onTestCaseResult(testCase) {
    const d = testCase.diagnostic();
    // The failed attempt's error stays with the result: it says why the retry was needed.
    if (d?.flaky) this.retried.push(`${relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName} (${d.retryCount} retry)${why(testCase.result().errors?.[0]?.message)}`);
  }

  onTestRunEnd() {
    if (process.env.TOCSIN_RETRIED_OUT) writeFileSync(process.env.TOCSIN_RETRIED_OUT, JSON.stringify(this.retried));
  }
}
