// A probe's results while the server cannot take them: JSON lines on disk, in segments of at
// most one delivery each, appended with fsync, delivered oldest first and deleted only once the
// server said 2xx. Bounded: when full, the oldest segments go (and the log says so). The
// assignments last fetched are kept beside them, so a probe restarted while the server is down
// still checks.
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/log.js';
import type { CheckStatus, FailureKind } from './model.js';

/** One check result as the server's /probe/v1/results takes it. */
export interface ProbeResult {
  monitor_id: string;
  /** The slot's due time, epoch ms. */
  at: number;
  status: CheckStatus;
  failure: FailureKind | null;
  latency_ms: number;
  message: string | null;
}

export interface Segment {
  seq: number;
  results: ProbeResult[];
}

export interface BufferOptions {
  /** Results per segment: at most what one delivery sends (1000). */
  segmentResults?: number;
  /** Bytes on disk at most; older segments are dropped to stay under. */
  maxBytes: number;
  log: Logger;
}

const SEGMENT = /^results-(\d{12})\.jsonl$/;
const nameOf = (seq: number): string => `results-${String(seq).padStart(12, '0')}.jsonl`;
const ASSIGNMENTS = 'assignments.json';

async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  await h.sync().finally(() => h.close());
}

export class ProbeBuffer {
  /** Segment numbers on disk, oldest first, with their size in bytes. */
  private readonly segments: { seq: number; bytes: number }[] = [];
  private current: { seq: number; handle: FileHandle; count: number } | null = null;
  private readonly perSegment: number;

  private constructor(
    readonly dir: string,
    private readonly o: BufferOptions,
  ) {
    this.perSegment = o.segmentResults ?? 1000;
  }

  static async open(dir: string, o: BufferOptions): Promise<ProbeBuffer> {
    await mkdir(dir, { recursive: true });
    const b = new ProbeBuffer(dir, o);
    const seqs = (await readdir(dir)).flatMap((f) => (SEGMENT.test(f) ? [Number(SEGMENT.exec(f)![1])] : [])).sort((x, y) => x - y);
    for (const seq of seqs) b.segments.push({ seq, bytes: (await stat(join(dir, nameOf(seq)))).size });
    return b;
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  get bytes(): number {
    return this.segments.reduce((n, s) => n + s.bytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Appends results durably (fsync'd before it resolves), making room first when full. */
  async append(results: readonly ProbeResult[]): Promise<void> {
    for (let i = 0; i < results.length; ) {
      const seg = await this.writable();
      const part = results.slice(i, i + (this.perSegment - seg.count));
      const text = part.map((r) => `${JSON.stringify(r)}\n`).join('');
      await this.makeRoom(Buffer.byteLength(text));
      await seg.handle.write(text);
      await seg.handle.sync();
      seg.count += part.length;
      this.segments[this.segments.length - 1]!.bytes += Buffer.byteLength(text);
      if (seg.count >= this.perSegment) await this.closeCurrent();
      i += part.length;
    }
  }

  /** The oldest segment's results (the one being written is closed first, so it no longer grows). */
  async oldest(): Promise<Segment | null> {
    const first = this.segments[0];
    if (!first) return null;
    if (this.current?.seq === first.seq) await this.closeCurrent();
    const text = await readFile(join(this.dir, nameOf(first.seq)), 'utf8');
    const results: ProbeResult[] = [];
    let torn = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        results.push(JSON.parse(line) as ProbeResult);
      } catch {
        torn++; // a write cut short by a crash: the rest of the segment is still good
      }
    }
    if (torn) this.o.log.warn({ segment: nameOf(first.seq), torn }, 'skipped unreadable lines in the probe buffer');
    return { seq: first.seq, results };
  }

  /** Forgets a delivered segment. */
  async remove(seq: number): Promise<void> {
    const at = this.segments.findIndex((s) => s.seq === seq);
    if (at < 0) return;
    if (this.current?.seq === seq) await this.closeCurrent();
    this.segments.splice(at, 1);
    await rm(join(this.dir, nameOf(seq)), { force: true });
  }

  /** Sets a segment the server refused (400) aside, for a person to look at, so it blocks nothing. */
  async setAside(seq: number): Promise<string> {
    const aside = join(this.dir, `rejected-${String(seq).padStart(12, '0')}.jsonl`);
    if (this.current?.seq === seq) await this.closeCurrent();
    await rename(join(this.dir, nameOf(seq)), aside);
    this.segments.splice(this.segments.findIndex((s) => s.seq === seq), 1);
    return aside;
  }

  async close(): Promise<void> {
    await this.closeCurrent();
  }

  async saveAssignments(value: unknown): Promise<void> {
    const tmp = join(this.dir, `${ASSIGNMENTS}.tmp`);
    const h = await open(tmp, 'w');
    await h.writeFile(JSON.stringify(value)).then(() => h.sync()).finally(() => h.close());
    await rename(tmp, join(this.dir, ASSIGNMENTS));
    await fsyncDir(this.dir);
  }

  async loadAssignments(): Promise<unknown> {
    const text = await readFile(join(this.dir, ASSIGNMENTS), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }

  private async writable(): Promise<{ seq: number; handle: FileHandle; count: number }> {
    if (this.current) return this.current;
    const seq = (this.segments[this.segments.length - 1]?.seq ?? 0) + 1;
    const handle = await open(join(this.dir, nameOf(seq)), 'a');
    await fsyncDir(this.dir);
    this.segments.push({ seq, bytes: 0 });
    this.current = { seq, handle, count: 0 };
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    const c = this.current;
    this.current = null;
    await c?.handle.close();
  }

  /** Drops the oldest segments (never the one being written) until `more` bytes fit. */
  private async makeRoom(more: number): Promise<void> {
    let dropped = 0;
    let firstAt: number | null = null;
    while (this.bytes + more > this.o.maxBytes && this.segments.length > 1) {
      const seg = await this.oldest();
      if (!seg) break;
      dropped += seg.results.length;
      firstAt ??= seg.results[0]?.at ?? null;
      await this.remove(seg.seq);
    }
    if (dropped) {
      this.o.log.error({ dropped, since: firstAt === null ? null : new Date(firstAt).toISOString(), max_bytes: this.o.maxBytes }, 'probe buffer full: dropped the oldest buffered results');
    }
  }
}
