#!/usr/bin/env node
// Writes test/durations.json, each test file's duration (ms) in the last `npm test` here, from
// the reports it left in .tmp. test/support/sequencer.ts starts the longest files first with it
// where vitest has no durations of its own (a clean checkout, as in CI). Re-run it when a test
// file's time changes much; a file it does not know simply goes first.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'test', 'durations.json');
// A step whose report is missing (not run, or being rerun right now) keeps its earlier figures.
const earlier = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) : {};
const durations = {};
for (const project of ['unit', 'integration', 'e2e']) {
  const report = join(root, '.tmp', `vitest-${project}.json`);
  const files = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')).testResults ?? []) : [];
  if (files.length === 0) {
    for (const [key, ms] of Object.entries(earlier)) if (key.startsWith(`${project}:`) && existsSync(join(root, key.slice(project.length + 1)))) durations[key] = ms;
    continue;
  }
  for (const file of files) durations[`${project}:${relative(root, file.name)}`] = Math.round((file.endTime - file.startTime) / 100) * 100;
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(target, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`test/durations.json: ${Object.keys(sorted).length} files`);
