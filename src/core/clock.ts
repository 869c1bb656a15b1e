/** The one source of time. Services and engines take a Clock; tests drive a FakeClock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  private ms: number;
  constructor(start: Date | string = '2026-01-05T09:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
}

/** Stored times are epoch milliseconds in both dialects; the API speaks RFC 3339 UTC. */
export const toIso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

export const fromIso = (iso: string): number => new Date(iso).getTime();
