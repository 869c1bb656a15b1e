#!/usr/bin/env node
// `npm test`: the whole suite in order: type-check, lint, build, unit, integration (SQLite and
// PostgreSQL), end to end (Chromium). Runs every step even after a failure, then prints a
// summary and the closing line `N passed, N failed` (static checks count one each).
// `--only unit,integration` runs just those steps (CI uses it for the Node 24 pass).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const bin = (name) => join(root, 'node_modules', '.bin', name);
mkdirSync(join(root, '.tmp'), { recursive: true });

const steps = [
  { name: 'typecheck', kind: 'static', cmd: [bin('tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'typecheck-web', kind: 'static', cmd: [bin('tsc'), '-p', 'web/tsconfig.json', '--noEmit'], when: () => existsSync(join(root, 'web/tsconfig.json')) },
  { name: 'lint', kind: 'static', cmd: [bin('eslint'), '--max-warnings', '0', '.'] },
  { name: 'build', kind: 'static', cmd: [process.execPath, 'scripts/build.mjs'] },
  { name: 'unit', kind: 'vitest' },
  { name: 'integration', kind: 'vitest' },
  { name: 'e2e', kind: 'vitest' },
];

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  if (only && !only.has(step.name)) continue;
  if (step.when && !step.when()) continue;
  const started = Date.now();
  if (step.kind === 'static') {
    console.log(`\n== ${step.name}`);
    const r = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: 'inherit' });
    const ok = r.status === 0;
    if (ok) passed++;
    else failed++;
    summary.push(`${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    continue;
  }
  console.log(`\n== ${step.name} tests`);
  const out = join(root, '.tmp', `vitest-${step.name}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', step.name, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { cwd: root, stdio: 'inherit' },
  );
  let p = 0;
  let f = 0;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    p = report.numPassedTests;
    // A file that fails to load has no failed test of its own: count it once.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
    ).length;
    f = report.numFailedTests + brokenFiles;
  }
  if (r.status !== 0 && f === 0) f = 1; // the runner itself failed (a file that does not load, a crash)
  passed += p;
  failed += f;
  summary.push(`${step.name}: ${p} passed, ${f} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

console.log(`\n== summary (node ${process.version})\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
