import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../core/log.js';
import { ProbeBuffer, type ProbeResult } from './probe-buffer.js';

let dir: string;
let logged: { level: number; msg: string; dropped?: number }[];
let log: Logger;

const result = (at: number): ProbeResult => ({ monitor_id: 'mon_a', at, status: 'up', failure: null, latency_ms: 12, message: null });
const range = (from: number, n: number): ProbeResult[] => Array.from({ length: n }, (_, i) => result(from + i));

/** Every result, oldest first, as a delivery would take them (removing each segment). */
async function drain(b: ProbeBuffer): Promise<number[]> {
  const ats: number[] = [];
  for (let s = await b.oldest(); s; s = await b.oldest()) {
    ats.push(...s.results.map((r) => r.at));
    await b.remove(s.seq);
  }
  return ats;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'probe-buffer-'));
  logged = [];
  log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) }) as unknown as Logger;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ProbeBuffer', () => {
  it('keeps results on disk in segments of one delivery each, and gives them back oldest first', async () => {
    const b = await ProbeBuffer.open(dir, { maxBytes: 10_000_000, segmentResults: 4, log });
    expect(b.empty).toBe(true);
    await b.append(range(0, 3));
    await b.append(range(3, 7));
    expect(b.segmentCount).toBe(3);
    const first = await b.oldest();
    expect(first?.results.map((r) => r.at)).toEqual([0, 1, 2, 3]);
    expect(await drain(b)).toEqual(range(0, 10).map((r) => r.at));
    expect(b.empty).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });

  it('survives a restart: a new process finds what was not delivered, and never appends to an old segment', async () => {
    const a = await ProbeBuffer.open(dir, { maxBytes: 10_000_000, segmentResults: 100, log });
    await a.append(range(0, 5));
    const seg = await a.oldest();
    await a.remove(seg!.seq); // delivered
    await a.append(range(5, 3));
    await a.close();
    const b = await ProbeBuffer.open(dir, { maxBytes: 10_000_000, segmentResults: 100, log });
    await b.append(range(8, 2));
    expect(b.segmentCount).toBe(2);
    expect(await drain(b)).toEqual([5, 6, 7, 8, 9]);
  });

  it('skips a line cut short by a crash and keeps the rest', async () => {
    const b = await ProbeBuffer.open(dir, { maxBytes: 10_000_000, log });
    await b.append(range(0, 2));
    await b.close();
    const file = (await readdir(dir)).find((f) => f.endsWith('.jsonl'))!;
    await appendFile(join(dir, file), '{"monitor_id":"mon_a","at":2,"sta');
    const again = await ProbeBuffer.open(dir, { maxBytes: 10_000_000, log });
    expect(await drain(again)).toEqual([0, 1]);
    expect(logged.some((l) => l.msg === 'skipped unreadable lines in the probe buffer')).toBe(true);
  });

  it('stays under its bound by dropping the oldest results, and says so', async () => {
    const lineBytes = JSON.stringify(result(1000)).length + 1;
    const b = await ProbeBuffer.open(dir, { maxBytes: lineBytes * 25, segmentResults: 10, log });
    await b.append(range(1000, 20));
    expect(logged).toEqual([]);
    await b.append(range(1020, 10));
    expect(b.bytes).toBeLessThanOrEqual(lineBytes * 25);
    const dropped = logged.find((l) => l.msg === 'probe buffer full: dropped the oldest buffered results');
    expect(dropped?.dropped).toBe(10);
    expect(await drain(b)).toEqual(range(1010, 20).map((r) => r.at));
  });

  it('keeps the last assignments for a restart while the server is away', async () => {
    const b = await ProbeBuffer.open(dir, { maxBytes: 1_000_000, log });
    expect(await b.loadAssignments()).toBeNull();
    await b.saveAssignments({ location: 'lab', monitors: [{ id: 'mon_a' }] });
    const again = await ProbeBuffer.open(dir, { maxBytes: 1_000_000, log });
    expect(await again.loadAssignments()).toEqual({ location: 'lab', monitors: [{ id: 'mon_a' }] });
  });

  it('sets a refused segment aside so it blocks nothing', async () => {
    const b = await ProbeBuffer.open(dir, { maxBytes: 1_000_000, segmentResults: 2, log });
    await b.append(range(0, 4));
    const first = await b.oldest();
    const aside = await b.setAside(first!.seq);
    expect(aside).toMatch(/rejected-\d+\.jsonl$/);
    expect(await drain(b)).toEqual([2, 3]);
    expect((await readdir(dir)).filter((f) => f.startsWith('rejected-'))).toHaveLength(1);
  });
});
