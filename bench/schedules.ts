/**
 * bench:schedules — computing who is on call (../shared/BENCHMARKS.md, row `schedules`).
 *
 * A year of a three-layer follow-the-sun schedule: Sydney, London and New York, 10 members each,
 * daily hand-offs at 09:00 in each team's own zone, each layer restricted to an 8-hour window of
 * its zone's working day (so every DST change of the three zones is in the year), and 500
 * overrides (two in three replace a person, one in three the whole schedule). planOnCall over
 * the year is timed after a warm-up: median and p95 of N runs, and the first (cold) run apart.
 * Pure computation in this process, pinned to core 0; no database, no peer. A call is
 * synchronous: its time is also how long it holds the event loop.
 *
 * Default: 20 warm-up runs, 200 timed. --quick: 5 and 40.
 */
import { performance } from 'node:perf_hooks';
import { onCallAt, planOnCall, type Layer, type Override, type Schedule } from '../src/schedules/model.js';
import { percentile, pinSelf, procStats, QUICK, report, round } from './lib/harness.js';

const WARMUP = QUICK ? 5 : 20;
const RUNS = QUICK ? 40 : 200;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const HOUR = 3_600_000;

/** A small seeded generator, so every run plans the same schedule. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function followTheSun(): Schedule {
  const teams: Array<[string, string, string, string]> = [
    ['apac', 'Australia/Sydney', '08:00', '16:00'],
    ['emea', 'Europe/London', '08:00', '16:00'],
    ['amer', 'America/New_York', '09:00', '17:00'],
  ];
  const layers: Layer[] = teams.map(([id, zone, start, end]) => ({
    id,
    name: id.toUpperCase(),
    members: Array.from({ length: 10 }, (_, i) => `${id}-${i + 1}`),
    shift: { unit: 'days', count: 1 },
    handoff: '09:00',
    start_date: '2025-06-02',
    time_zone: zone,
    restrictions: [{ start, end }],
  }));
  const members = layers.flatMap((l) => l.members);
  const next = random(9);
  const overrides: Override[] = Array.from({ length: 500 }, (_, i) => {
    const start = FROM + Math.floor(next() * (TO - FROM) / HOUR) * HOUR;
    const pick = () => members[Math.floor(next() * members.length)]!;
    return { id: `o${i}`, user_id: pick(), replaces: next() < 2 / 3 ? pick() : null, start, end: start + (1 + Math.floor(next() * 48)) * HOUR };
  });
  return { id: 'sun', name: 'Follow the sun', time_zone: 'UTC', layers, overrides };
}

pinSelf('0');
const schedule = followTheSun();

let t = performance.now();
const first = planOnCall(schedule, FROM, TO);
const firstMs = performance.now() - t;
for (let i = 0; i < WARMUP; i++) planOnCall(schedule, FROM, TO);

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  planOnCall(schedule, FROM, TO);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);

// "Who is on call now", as the escalation engine asks it: one instant, the whole shift back.
const instants = Array.from({ length: 1000 }, (_, i) => FROM + Math.floor((i * (TO - FROM)) / 1000));
t = performance.now();
for (const at of instants) onCallAt(schedule, at);
const onCallAtUs = ((performance.now() - t) * 1000) / instants.length;

const stats = procStats(process.pid);
const gaps = first.final.filter((s) => s.user_id === null).length;
console.log(
  `a year of ${schedule.layers.length} layers, ${schedule.layers.reduce((n, l) => n + l.members.length, 0)} members, ${schedule.overrides.length} overrides: ` +
    `${first.final.length} shifts (${gaps} gaps), first run ${round(firstMs)} ms, then median ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms over ${RUNS} runs`,
);
report('schedules', {
  year_ms: round(percentile(times, 50)),
  year_p95_ms: round(percentile(times, 95)),
  year_first_ms: round(firstMs),
  shifts: first.final.length,
  gaps,
  layer_shifts: first.layers.reduce((n, l) => n + l.shifts.length, 0),
  overrides: schedule.overrides.length,
  on_call_at_us: round(onCallAtUs, 1),
  runs: RUNS,
  cpu_s: round(stats.cpu_s),
  // One call blocks the event loop for its whole time: year_p95_ms is that delay for a year's plan.
  peak_rss_bytes: stats.peak_rss_bytes,
});
