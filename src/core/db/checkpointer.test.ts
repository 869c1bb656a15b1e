import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer.js';
import { openDatabase } from './index.js';
import { openSqliteHandle, type SqliteHandle } from './sqlite.js';

const PAGE = 4096;
const size = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** `commits` transactions, each writing about `pages` pages of new rows, a pause between them. */
async function writeInCommits(handle: SqliteHandle, commits: number, pages: number, pauseMs: number): Promise<void> {
  const insert = handle.prepare('insert into blobs (body) values (?)');
  for (let i = 0; i < commits; i++) {
    handle.exec('begin immediate');
    for (let p = 0; p < pages; p++) insert.run([Buffer.alloc(PAGE - 200, i % 251)]);
    handle.exec('commit');
    await sleep(pauseMs);
  }
}

describe('background checkpoints', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-checkpoint-'));
    file = join(dir, 'tocsin.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (): SqliteHandle => {
    const handle = openSqliteHandle(file);
    handle.exec('PRAGMA journal_mode = WAL');
    handle.exec('PRAGMA wal_autocheckpoint = 0');
    handle.exec('create table if not exists blobs (id integer primary key, body blob)');
    return handle;
  };

  it('copies the WAL into the database file from a worker, so the WAL is reused instead of growing', async () => {
    const handle = open();
    const lost: unknown[] = [];
    const checkpointer = startCheckpointer(file, { intervalMs: 20, onLost: (err) => lost.push(err) });
    await writeInCommits(handle, 40, 100, 40); // about 16 MB through the WAL
    await sleep(200);
    await checkpointer.stop();
    // Checkpointed: the rows are in the database file itself, and the WAL stayed a few commits long.
    expect(size(file)).toBeGreaterThan(40 * 100 * PAGE * 0.9);
    expect(size(`${file}-wal`)).toBeLessThan(10 * 100 * PAGE);
    expect(lost).toEqual([]);
    handle.close();
  });

  it('without it, a connection that does not checkpoint leaves everything in the WAL (what the test above would see)', async () => {
    const handle = open();
    await writeInCommits(handle, 10, 100, 0);
    expect(size(`${file}-wal`)).toBeGreaterThan(10 * 100 * PAGE);
    handle.close();
  });

  it('calls onLost when the worker cannot do its work, so the connection can checkpoint again', async () => {
    const lost: unknown[] = [];
    const checkpointer = startCheckpointer(join(dir, 'no-such-dir', 'tocsin.db'), { intervalMs: 10, onLost: (err) => lost.push(err) });
    expect(checkpointer.running()).toBe(true);
    for (let i = 0; i < 100 && lost.length === 0; i++) await sleep(20);
    expect(lost).toHaveLength(1);
    expect(checkpointer.running()).toBe(false);
  });

  it('a server database checkpoints in the background and keeps every row across close and reopen', async () => {
    const db = openDatabase(`sqlite:${file}`, { sqliteBackgroundCheckpoints: true });
    await sql`create table blobs (id integer primary key, body blob)`.execute(db.kysely);
    expect((await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db.kysely)).rows[0]?.wal_autocheckpoint).toBe(16_384);
    expect(db.wal?.().backgroundCheckpoints).toBe(true);
    for (let i = 0; i < 20; i++) {
      await db.tx(async (q) => {
        for (let p = 0; p < 50; p++) await sql`insert into blobs (body) values (${Buffer.alloc(PAGE - 200, 7)})`.execute(q);
      });
    }
    // The worker's first checkpoint comes after 200 ms.
    for (let i = 0; i < 50 && size(file) < 1000 * PAGE * 0.9; i++) await sleep(50);
    expect(size(file)).toBeGreaterThan(1000 * PAGE * 0.9);
    expect(db.wal?.().bytes).toBe(size(`${file}-wal`));
    await db.close();
    const again = openDatabase(`sqlite:${file}`);
    expect((await sql<{ n: number }>`select count(*) as n from blobs`.execute(again.kysely)).rows[0]?.n).toBe(1000);
    await again.close();
  });
});
