import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Longest files first. On a clean checkout vitest knows no durations and starts the largest files
// first; a short file that runs long (the paging storm: 90 s) then started last and ran alone
// at the end, a minute past everything else. The durations come from vitest's cache when it has
// them (this machine's last run), else from test/durations.json (`node scripts/test-durations.mjs`
// writes it after `npm test`); a file known to neither goes first, as vitest would.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMMITTED = join(ROOT, 'test', 'durations.json');

function committed(): Record<string, number> {
  return existsSync(COMMITTED) ? (JSON.parse(readFileSync(COMMITTED, 'utf8')) as Record<string, number>) : {};
}

export default class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = committed();
    const cost = (f: TestSpecification): number => {
      const key = `${f.project.name}:${relative(ROOT, f.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? known[key] ?? Number.POSITIVE_INFINITY;
    };
    const byCost = new Map(files.map((f) => [f, cost(f)]));
    return Promise.resolve(
      [...files].sort((a, b) => {
        // Projects run one after another: keep each one's files together.
        if (a.project.name !== b.project.name) return a.project.name < b.project.name ? -1 : 1;
        const ca = byCost.get(a) ?? 0;
        const cb = byCost.get(b) ?? 0;
        return ca === cb ? 0 : cb > ca ? 1 : -1;
      }),
    );
  }
}
