import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSqlSnapshots, snapshotFile, staleSnapshots, storeDirs, storeSnapshots } from './sql-snapshots.js';

// The committed SQL snapshots beside each store.ts match what the stores compile (npm run sql).
const { files, problems } = await generateSqlSnapshots();

it('finds every store and snapshots it for both dialects', () => {
  expect(storeDirs().length).toBeGreaterThan(0);
  expect(files.size).toBe(storeDirs().length * 2);
});

it('has an example call for every exported store function', () => {
  if (problems.length) expect.fail(`store functions without SQL examples:\n${problems.join('\n')}`);
});

it('matches the committed snapshots', () => {
  const stale = staleSnapshots(files);
  if (stale.length) expect.fail(`SQL snapshots are stale: run npm run sql\n${stale.join('\n')}`);
});

describe('on a store of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-sql-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fn = (name: string, table: string) =>
    `export async function ${name}(q, id) { return q.selectFrom('${table}').selectAll().where('id', '=', id).executeTakeFirstOrThrow(); }\n`;
  writeFileSync(join(dir, 'store.ts'), fn('findA', 'a') + fn('findB', 'b'));
  const examples = `export const examples = { findA: [['a_1']], gone: [[]] };\n`;
  writeFileSync(join(dir, 'store.sql-examples.ts'), examples);

  it('asks for an examples file when there is none', async () => {
    rmSync(join(dir, 'store.sql-examples.ts'));
    const { problems } = await storeSnapshots(dir);
    writeFileSync(join(dir, 'store.sql-examples.ts'), examples);
    expect(problems).toEqual([expect.stringMatching(/store\.ts has no SQL examples: add .*store\.sql-examples\.ts exporting `examples`$/)]);
  });

  it('names the functions without examples and the examples of no function', async () => {
    const { problems } = await storeSnapshots(dir);
    expect(problems).toEqual([
      expect.stringMatching(/store\.ts exports findB\(\) without an example in .*store\.sql-examples\.ts$/),
      expect.stringMatching(/store\.sql-examples\.ts has examples for gone, which .*store\.ts does not export$/),
    ]);
  });

  it('records the SQL of a call that throws on the empty result', async () => {
    const { files } = await storeSnapshots(dir);
    const text = files.get(snapshotFile(dir, 'postgres'))!;
    expect(text).toContain(`-- findA(q, 'a_1')\nselect *\nfrom "a"\nwhere "id" = $1;\n-- parameters: ['a_1']\n-- (then threw NoResultError`);
  });

  it('reports a missing file, a changed line, a removed function and a file left behind', async () => {
    const { files } = await storeSnapshots(dir);
    const sqlite = snapshotFile(dir, 'sqlite');
    const orphan = join(dir, 'old', 'store.sqlite.sql');
    writeFileSync(sqlite, files.get(sqlite)!.replace('"a"', '"aa"') + '-- findC(q, 1)\nselect 1;\n');
    const stale = staleSnapshots(files, [sqlite, orphan]);
    expect(stale[0]).toMatch(/store\.sqlite\.sql has queries of findC, which the store no longer exports$/);
    expect(stale[1]).toMatch(/store\.sqlite\.sql differs at line 6:\n {2}- from "aa"\n {2}\+ from "a"$/);
    expect(stale[2]).toMatch(/store\.postgres\.sql is missing$/);
    expect(stale[3]).toMatch(/old\/store\.sqlite\.sql has no store\.ts beside it any more$/);
    expect(readFileSync(sqlite, 'utf8')).toContain('findC');
  });
});
