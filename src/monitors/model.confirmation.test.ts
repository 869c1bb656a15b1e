import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIRMATION, type Confirmation } from './model.js';
import {
  applyResult,
  evaluateMonitor,
  locationsToAlert,
  NEW_LOCATION,
  NOT_FLAPPING,
  recordChange,
  settleFlapping,
  silenceQuietLocations,
  startedAt,
  type FlapState,
  type LocationState,
} from './model.confirmation.js';

const up = (at: number | null = 0): LocationState => ({ status: 'up', streak: 0, first_failure_at: null, last_result_at: at });
const down = (first: number, at = first): LocationState => ({ status: 'down', streak: 0, first_failure_at: first, last_result_at: at });
const silent: LocationState = NEW_LOCATION;

/** Feeds results (true = ok) one per second from t=1000 and returns the end state and the changes. */
function feed(start: LocationState, oks: boolean[], k: number) {
  let state = start;
  const changes: (string | null)[] = [];
  oks.forEach((ok, i) => {
    const r = applyResult(state, { at: 1000 * (i + 1), ok }, k);
    state = r.state;
    changes.push(r.changed);
  });
  return { state, changes };
}

describe('a location', () => {
  it.each([
    ['new, first success', silent, [true], 2, 'up', ['up']],
    ['new, one failure', silent, [false], 2, 'unknown', [null]],
    ['new, K failures', silent, [false, false], 2, 'down', [null, 'down']],
    ['up, one failure', up(), [false], 2, 'up', [null]],
    ['up, failure then success resets the run', up(), [false, true, false], 2, 'up', [null, null, null]],
    ['up, K=3 failures', up(), [false, false, false], 3, 'down', [null, null, 'down']],
    ['up, K=1 failure', up(), [false], 1, 'down', ['down']],
    ['down, one success', down(0), [true], 2, 'down', [null]],
    ['down, K successes', down(0), [true, true], 2, 'up', [null, 'up']],
    ['down, success, failure, success: not recovered', down(0), [true, false, true], 2, 'down', [null, null, null]],
    ['K=0 is treated as 1', up(), [false], 0, 'down', ['down']],
  ] as const)('%s', (_name, start, oks, k, status, changes) => {
    const r = feed(start, [...oks], k);
    expect(r.state.status).toBe(status);
    expect(r.changes).toEqual(changes);
  });

  it('remembers the first failure of the run, not the confirming one', () => {
    const r = feed(up(), [true, false, false, false], 3);
    expect(r.state).toEqual({ status: 'down', streak: 0, first_failure_at: 2000, last_result_at: 4000 });
  });

  it('keeps the first failure while down, through a broken recovery, and forgets it on recovery', () => {
    const r = feed(up(), [false, false, true, false, true], 2);
    expect(r.state).toMatchObject({ status: 'down', first_failure_at: 1000, streak: 1 });
    expect(applyResult(r.state, { at: 9000, ok: true }, 2).state).toEqual(up(9000));
  });

  it('ignores a result older than the last one', () => {
    const s = down(5000, 8000);
    expect(applyResult(s, { at: 7000, ok: true }, 1)).toEqual({ state: s, changed: null });
  });

  it('counts a streak only of results that disagree with the status', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (oks, k) => {
        const { state } = feed(silent, oks, k);
        expect(state.streak).toBeLessThan(k);
        if (state.status === 'down') expect(state.first_failure_at).not.toBeNull();
        if (state.status === 'up') expect(state.first_failure_at === null).toBe(state.streak === 0);
      }),
    );
  });
});

describe('quiet locations', () => {
  it('are marked unknown after the silence limit, the others kept', () => {
    const out = silenceQuietLocations({ a: down(0, 1000), b: up(50_000), c: silent }, 61_000, 30_000);
    expect(out).toEqual({ a: { ...silent, last_result_at: 1000 }, b: up(50_000), c: silent });
  });
});

describe('M, locations to alert', () => {
  it.each([
    [null, 0, 1],
    [null, 1, 1],
    [null, 2, 2],
    [null, 5, 2],
    [1, 5, 1],
    [3, 5, 3],
    [3, 2, 2],
    [0, 3, 1],
  ])('m=%s with %i locations is %i', (m, n, want) => {
    expect(locationsToAlert(m, n)).toBe(want);
  });
});

const cfg: Confirmation = { ...DEFAULT_CONFIRMATION, flap_changes: 4, flap_window_s: 600 };
const evaluate = (locations: Record<string, LocationState>, alertOpen: boolean, m: number | null = null, flapping: FlapState = NOT_FLAPPING, now = 100_000) =>
  evaluateMonitor({ locations, m, alertOpen, flapping, now, confirmation: cfg });

describe('the monitor', () => {
  it.each([
    ['one of three down', { a: down(1), b: up(), c: up() }, false, null, null],
    ['two of three down', { a: down(1), b: down(2), c: up() }, false, null, true],
    ['one location, down', { a: down(1) }, false, null, true],
    ['m=1, one of three down', { a: down(1), b: up(), c: up() }, false, 1, true],
    ['m=3, two of three down', { a: down(1), b: down(2), c: up() }, false, 3, null],
    ['open, one of three still down', { a: down(1), b: up(), c: up() }, true, null, false],
    ['open, two still down', { a: down(1), b: down(2), c: up() }, true, null, null],
    ['open, one down and one silent', { a: down(1), b: silent, c: up() }, true, null, null],
    ['open, all silent', { a: silent, b: silent }, true, null, null],
    ['open, all up', { a: up(), b: up() }, true, null, false],
    ['open, m=1, one silent', { a: up(), b: silent }, true, 1, null],
    ['open, m=3 of 3, one up', { a: down(1), b: down(2), c: up() }, true, 3, false],
  ] as const)('%s → open %s', (_name, locations, open, m, want) => {
    expect(evaluate(locations, open, m).open).toBe(want);
  });

  it('cannot open when fewer than M locations report, and says why', () => {
    const v = evaluate({ a: down(1), b: silent, c: silent }, false);
    expect(v.open).toBeNull();
    expect(v.reason).toBe('only 1 of 3 locations are reporting and 2 must confirm an outage, so no alert can open');
    expect(evaluate({}, false).reason).toMatch(/no locations/);
  });

  it('dates the outage from the first failed check, not the confirmation', () => {
    expect(evaluate({ a: down(40_000), b: down(10_000), c: down(30_000) }, false, 1).started_at).toBe(10_000);
    // With M = 2 the outage began when the second location started failing.
    expect(evaluate({ a: down(40_000), b: down(10_000), c: down(30_000) }, false).started_at).toBe(30_000);
    expect(startedAt([down(5)], 2, 9)).toBe(5);
  });
});

describe('flapping', () => {
  const flap = (changes: number[], flapping = false, would_close = false): FlapState => ({ changes, flapping, would_close });

  it('starts after more than F changes in the window and forgets old ones', () => {
    expect(recordChange(flap([1, 2, 3]), 4, cfg)).toEqual(flap([1, 2, 3, 4]));
    expect(recordChange(flap([1, 2, 3, 4]), 5, cfg).flapping).toBe(true);
    expect(recordChange(flap([1, 2, 3, 4]), 600_004, cfg)).toEqual(flap([600_004]));
  });

  it('ends only after a whole window without a change', () => {
    const f = flap([1_000], true);
    expect(settleFlapping(f, 600_999, cfg).flapping).toBe(true);
    expect(settleFlapping(f, 601_000, cfg)).toEqual(flap([], false));
  });

  it('holds the alert open instead of the close that tips it into flapping', () => {
    const v = evaluate({ a: up(), b: up() }, true, null, flap([1, 2, 3, 4].map((t) => 99_000 + t)));
    expect(v.open).toBeNull();
    expect(v.flapping).toMatchObject({ flapping: true, would_close: true });
    expect(v.reason).toMatch(/flapping/);
  });

  it('while flapping, counts held-back closes and re-opens, and closes once quiet', () => {
    let f = flap([99_000], true);
    const healthy = { a: up(), b: up() };
    f = evaluate(healthy, true, null, f, 100_000).flapping;
    expect(f.changes).toEqual([99_000, 100_000]);
    f = evaluate(healthy, true, null, f, 100_500).flapping; // still healthy: no new change
    f = evaluate({ a: down(1), b: down(1) }, true, null, f, 101_000).flapping;
    expect(f).toEqual(flap([99_000, 100_000, 101_000], true, false));
    expect(evaluate(healthy, true, null, f, 650_000).open).toBeNull();
    const quiet = evaluate(healthy, true, null, f, 701_000);
    expect(quiet.open).toBe(false);
    expect(quiet.flapping.flapping).toBe(false);
  });
});

// ---- properties: a random run of results at random locations, evaluated after each one ----

type Step = { loc: number; result: 'ok' | 'fail' | 'silent'; gap: number };
const stepArb = (n: number) =>
  fc.record({
    loc: fc.integer({ min: 0, max: n - 1 }),
    result: fc.constantFrom<Step['result']>('ok', 'fail', 'fail', 'silent'),
    gap: fc.integer({ min: 1, max: 120_000 }),
  });
const scenarioArb = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    k: fc.integer({ min: 1, max: 3 }),
    m: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    flapChanges: fc.integer({ min: 1, max: 6 }),
    steps: fc.array(stepArb(n), { maxLength: 60 }),
  }),
);

/** Reference, written independently of applyResult: a location is down when some run of K failures was not followed by K successes. */
function referenceDown(history: boolean[], k: number): boolean {
  let lastFailRunEnd = -1;
  for (let i = k - 1; i < history.length; i++) if (history.slice(i - k + 1, i + 1).every((ok) => !ok)) lastFailRunEnd = i;
  if (lastFailRunEnd < 0) return false;
  const after = history.slice(lastFailRunEnd + 1);
  return !after.some((_, i) => i + k <= after.length && after.slice(i, i + k).every((ok) => ok));
}

function simulate(s: { n: number; k: number; m: number | null; flapChanges: number; steps: Step[] }, onEval: (e: {
  verdict: ReturnType<typeof evaluateMonitor>; now: number; histories: boolean[][]; times: number[][]; m: number; wasOpen: boolean; flapping: FlapState;
}) => void) {
  const conf: Confirmation = { failures_to_down: s.k, locations_to_alert: s.m, flap_changes: s.flapChanges, flap_window_s: 600, recheck_s: 0 };
  const names = Array.from({ length: s.n }, (_, i) => `loc${i}`);
  const locations: Record<string, LocationState> = Object.fromEntries(names.map((x) => [x, NEW_LOCATION]));
  const histories: boolean[][] = names.map(() => []);
  const times: number[][] = names.map(() => []);
  let now = 1_000_000, open = false, flapping: FlapState = NOT_FLAPPING;
  for (const step of s.steps) {
    now += step.gap;
    const name = names[step.loc]!;
    if (step.result === 'silent') {
      locations[name] = NEW_LOCATION;
      histories[step.loc] = [];
      times[step.loc] = [];
    } else {
      locations[name] = applyResult(locations[name]!, { at: now, ok: step.result === 'ok' }, s.k).state;
      histories[step.loc]!.push(step.result === 'ok');
      times[step.loc]!.push(now);
    }
    const verdict = evaluateMonitor({ locations, m: s.m, alertOpen: open, flapping, now, confirmation: conf });
    onEval({ verdict, now, histories, times, m: locationsToAlert(s.m, s.n), wasOpen: open, flapping });
    if (verdict.open !== null) open = verdict.open;
    flapping = verdict.flapping;
  }
}

describe('confirmation properties', () => {
  it('opens only when at least M locations each have K consecutive failures unrecovered; started_at is one of their failure times', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        simulate(s, ({ verdict, now, histories, times, m }) => {
          if (verdict.open !== true) return;
          const downLocs = histories.map((h, i) => (referenceDown(h, s.k) ? i : -1)).filter((i) => i >= 0);
          expect(downLocs.length).toBeGreaterThanOrEqual(m);
          expect(verdict.started_at).toBeLessThanOrEqual(now);
          const failureTimes = downLocs.flatMap((i) => times[i]!.filter((_, j) => !histories[i]![j]));
          expect(failureTimes).toContain(verdict.started_at);
        });
      }),
    );
  });

  it('never closes while M locations could still be down, nor while flapping', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        simulate(s, ({ verdict, histories, m }) => {
          if (verdict.open !== false) return;
          const possiblyDown = histories.filter((h) => !h.includes(true) || referenceDown(h, s.k)).length;
          expect(possiblyDown).toBeLessThan(m);
          expect(verdict.flapping.flapping).toBe(false);
        });
      }),
    );
  });

  it('a single failure never opens (K ≥ 2)', () => {
    const oneFailure = scenarioArb.chain((s) =>
      fc.nat({ max: Math.max(0, s.steps.length - 1) }).map((bad) => ({
        ...s,
        k: Math.max(2, s.k),
        steps: s.steps.map((st, i) => ({ ...st, result: i === bad ? ('fail' as const) : st.result === 'fail' ? ('ok' as const) : st.result })),
      })),
    );
    fc.assert(fc.property(oneFailure, (s) => simulate(s, ({ verdict }) => expect(verdict.open).not.toBe(true))));
  });

  it('failures at fewer than M locations never open', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const m = locationsToAlert(s.m, s.n);
        if (m < 2) return;
        const steps = s.steps.map((st) => (st.loc >= m - 1 && st.result === 'fail' ? { ...st, result: 'ok' as const } : st));
        simulate({ ...s, steps }, ({ verdict }) => expect(verdict.open).not.toBe(true));
      }),
    );
  });

  it('pages at most F+1 times per window, however the monitor bounces', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const real: number[] = [];
        simulate(s, ({ verdict, now }) => {
          if (verdict.open === null) return;
          real.push(now);
          expect(real.filter((t) => t > now - 600_000).length).toBeLessThanOrEqual(s.flapChanges + 1);
        });
      }),
    );
  });
});
