/**
 * Writes the committed SQL snapshots (npm run sql): beside every src/**\/store.ts, the SQL its
 * functions compile for SQLite and PostgreSQL (store.sqlite.sql, store.postgres.sql), from the
 * example calls in store.sql-examples.ts. The snapshot test fails when any of them is stale,
 * so a query change always comes with its SQL in the same commit (docs/development.md).
 */
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { existingSnapshotFiles, generateSqlSnapshots, repoPath } from '../src/core/db/sql-snapshots.js';

const { files, problems } = await generateSqlSnapshots();
for (const [path, text] of files) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  writeFileSync(path, text);
  console.log(`wrote ${repoPath(path)}`);
}
for (const path of existingSnapshotFiles()) {
  if (files.has(path)) continue;
  rmSync(path);
  console.log(`removed ${repoPath(path)} (its store is gone)`);
}
for (const p of problems) console.error(p);
process.exit(problems.length ? 1 : 0);
