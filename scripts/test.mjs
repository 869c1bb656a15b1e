#!/usr/bin/env node
// `npm test`: the whole suite in order: type-check, lint, build, unit, integration (SQLite and
// PostgreSQL), end to end (Chromium). Runs every step even after a failure, then prints a
// summary and the closing line `N passed, N failed` (static checks count one each).
// `--only unit,integration` runs just those steps (CI uses it for the Node 24 pass).
// Integration and end-to-end tests name their database in brackets (`... [sqlite]`); the summary
// counts them per database, and a database the run was asked for (TOCSIN_TEST_DIALECTS, default
// both) with no passing integration test fails the run: a run proves only what it ran.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { why } from './test-why.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const bin = (name) => join(root, 'node_modules', '.bin', name);
mkdirSync(join(root, '.tmp'), { recursive: true });

// The three checks run at once (`together`), each on its own core while the others wait on
// files: 52 s one after another here, about 30 s together. Their output is printed after each
// ends, in this order, so it never interleaves.
const steps = [
  { name: 'typecheck', kind: 'static', together: true, cmd: [bin('tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'typecheck-web', kind: 'static', together: true, cmd: [bin('tsc'), '-p', 'web/tsconfig.json', '--noEmit'], when: () => existsSync(join(root, 'web/tsconfig.json')) },
  { name: 'lint', kind: 'static', together: true, cmd: [bin('eslint'), '--max-warnings', '0', '.'] },
  { name: 'build', kind: 'static', cmd: [process.execPath, 'scripts/build.mjs'] },
  // Two workers (vitest's default on two cores is one): 79 s to 39 s here, since many unit files
  // wait on loopback servers (SMTP, TLS, HTTP) rather than on the processor.
  { name: 'unit', kind: 'vitest', args: ['--maxWorkers=2'] },
  // Three files at a time: integration files mostly wait on child processes and the databases. On
  // two cores two workers took the step from 545 s to 305 s (one worker is vitest's default
  // there), and three from 526 s to 453 s on a slower day (every test passed in both).
  { name: 'integration', kind: 'vitest', args: ['--maxWorkers=3'] },
  // One file at a time (vitest.config.ts): two at a time took the step from 409 s to 263-332 s
  // here, but a loaded machine then let a browser action time out (a dialog not open within 10 s).
  // A browser test that fails is run once more (vitest.config.ts `retry`): a click on a loaded
  // machine can miss its timeout. It still counts as passed, but the summary names it.
  { name: 'e2e', kind: 'vitest' },
];

let passed = 0;
let failed = 0;
const summary = [];
/** Tests that failed, and tests that passed only on a retry, named at the end of the output. */
const failedNames = [];
const retriedNames = [];
const DATABASES = ['sqlite', 'postgres'];
const wanted = (process.env.TOCSIN_TEST_DIALECTS ?? '').trim() ? process.env.TOCSIN_TEST_DIALECTS.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : DATABASES;
const perDatabase = Object.fromEntries(DATABASES.map((d) => [d, { passed: 0, failed: 0 }]));

/** Passed and failed tests per database, from the names vitest reports (`... [postgres] > ...`). */
function countPerDatabase(report, into) {
  const counts = Object.fromEntries(DATABASES.map((d) => [d, { passed: 0, failed: 0 }]));
  for (const file of report.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      const name = t.fullName ?? [...(t.ancestorTitles ?? []), t.title].join(' ');
      for (const d of DATABASES) {
        if (!name.includes(`[${d}]`)) continue;
        if (t.status === 'passed') counts[d].passed++;
        else if (t.status === 'failed') counts[d].failed++;
      }
    }
  }
  for (const d of DATABASES) {
    into[d].passed += counts[d].passed;
    into[d].failed += counts[d].failed;
  }
  return counts;
}
/** A static step's command, its output kept; resolves with whether it passed and how long it took. */
function runCaptured(step) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => (output += `${err.message}\n`));
    child.on('close', (code) => resolve({ step, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const chosen = steps.filter((step) => (!only || only.has(step.name)) && (!step.when || step.when()));
const together = await Promise.all(chosen.filter((step) => step.together).map(runCaptured));
for (const { step, ok, output, seconds } of together) {
  console.log(`\n== ${step.name}`);
  process.stdout.write(output);
  if (ok) passed++;
  else failed++;
  summary.push(`${step.name}: ${ok ? 'ok' : 'FAILED'} (${seconds.toFixed(1)} s, alongside the other checks)`);
}

for (const step of chosen.filter((s) => !s.together)) {
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
  const retriedOut = join(root, '.tmp', `vitest-${step.name}-retried.json`);
  rmSync(out, { force: true });
  rmSync(retriedOut, { force: true });
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', step.name, ...(step.args ?? []),
      '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, `--reporter=${join(root, 'scripts/retried-reporter.mjs')}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TOCSIN_RETRIED_OUT: retriedOut } },
  );
  if (existsSync(retriedOut)) retriedNames.push(...JSON.parse(readFileSync(retriedOut, 'utf8')).map((n) => `${step.name}: ${n}`));
  let p = 0;
  let f = 0;
  let byDb = '';
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const counts = countPerDatabase(report, perDatabase);
    byDb = DATABASES.filter((d) => counts[d].passed + counts[d].failed > 0).map((d) => `${d} ${counts[d].passed}/${counts[d].failed}`).join(', ');
    if (step.name === 'integration') {
      for (const d of wanted) {
        if (counts[d] && counts[d].passed === 0) {
          console.error(`\nintegration: no [${d}] test passed, though the run was asked for ${d}`);
          f++;
        }
      }
    }
    for (const file of report.testResults ?? []) {
      const path = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
      const failedHere = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedHere) failedNames.push(`${step.name}: ${path} > ${t.fullName ?? t.title}${why(t.failureMessages?.[0])}`);
      if (file.status === 'failed' && failedHere.length === 0) failedNames.push(`${step.name}: ${path} (did not load)${why(file.message)}`);
    }
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
  summary.push(`${step.name}: ${p} passed, ${f} failed (${((Date.now() - started) / 1000).toFixed(1)} s)${byDb ? ` [passed/failed: ${byDb}]` : ''}`);
}

for (const d of DATABASES) {
  const c = perDatabase[d];
  if (c.passed + c.failed > 0 || wanted.includes(d)) summary.push(`database ${d}: ${c.passed} passed, ${c.failed} failed`);
}

console.log(`\n== summary (node ${process.version})\n${summary.join('\n')}`);
if (retriedNames.length > 0) console.log(`passed only on a retry (flaky, look into them):\n${retriedNames.map((n) => `  ${n}`).join('\n')}`);
if (failedNames.length > 0) console.log(`failed:\n${failedNames.map((n) => `  ${n}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
