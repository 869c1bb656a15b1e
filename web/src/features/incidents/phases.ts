import type { Incident } from './types';

// The incident's life as phases: impact began → detected → acknowledged → mitigated → resolved.
// Each phase is the time spent in one state; an open incident's last phase runs up to `now`.

/** The state during the phase: impact not yet seen, then the incident's status. */
export type PhaseKind = 'undetected' | 'triggered' | 'acknowledged' | 'mitigated';

export interface Phase {
  kind: PhaseKind;
  /** Epoch ms. */
  from: number;
  to: number;
  ms: number;
  /** Still going (open incident, last phase): grows with `now`. */
  running: boolean;
  /** "acknowledged in 1 m 30 s", "mitigating for 12 m". */
  label: string;
  /** Percent of the bar, at least MIN_WIDTH for any phase that took time, summing to 100. */
  width: number;
}

export interface PhaseTimeline {
  phases: Phase[];
  totalMs: number;
  running: boolean;
  /** The whole picture in one sentence: the bar's text alternative. */
  summary: string;
}

export const MIN_WIDTH = 3;

type Milestone = 'detected' | 'acknowledged' | 'mitigated' | 'resolved';
const MILESTONES: { key: Milestone; field: Exclude<keyof PhaseInput, 'status'>; done: string; kindBefore: PhaseKind }[] = [
  { key: 'detected', field: 'detected_at', done: 'detected after', kindBefore: 'undetected' },
  { key: 'acknowledged', field: 'acknowledged_at', done: 'acknowledged in', kindBefore: 'triggered' },
  { key: 'mitigated', field: 'mitigated_at', done: 'mitigated after', kindBefore: 'acknowledged' },
  { key: 'resolved', field: 'resolved_at', done: 'resolved after', kindBefore: 'mitigated' },
];
const RUNNING_LABEL: Record<PhaseKind, string> = {
  undetected: 'undetected for',
  triggered: 'not acknowledged for',
  acknowledged: 'mitigating for',
  mitigated: 'resolving for',
};
const KIND_AFTER: Record<Milestone, PhaseKind> = { detected: 'triggered', acknowledged: 'acknowledged', mitigated: 'mitigated', resolved: 'mitigated' };

/** "45 s", "1 m 30 s", "22 m", "1 h 5 m", "2 d 3 h": seconds only while they still matter. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m} m ${s % 60} s` : `${m} m`;
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} m` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const at = (iso: unknown): number | null => (typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? Date.parse(iso) : null);

/** Bar widths: proportional, but no phase that took time shrinks below MIN_WIDTH percent. */
function widths(ms: number[]): number[] {
  const total = ms.reduce((a, b) => a + b, 0);
  if (!total) return ms.map(() => 0);
  const raw = ms.map((v) => (v > 0 ? Math.max((v / total) * 100, MIN_WIDTH) : 0));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => (v * 100) / sum);
}

export type PhaseInput = Pick<Incident, 'status' | 'started_at' | 'detected_at' | 'acknowledged_at' | 'mitigated_at' | 'resolved_at'>;

/** The phases of `i` at `now`; milestones out of order (clock skew, a reopen) never go backwards. */
export function incidentPhases(i: PhaseInput, now: number): PhaseTimeline {
  const start = at(i.started_at) ?? at(i.detected_at) ?? now;
  const phases: Omit<Phase, 'width'>[] = [];
  let prev = start;
  let last: Milestone | null = null;
  for (const m of MILESTONES) {
    const t = at(i[m.field]);
    if (t === null) continue;
    const to = Math.max(t, prev);
    const ms = to - prev;
    const label = m.key === 'detected' && ms < 1000 ? 'detected at once' : `${m.done} ${formatDuration(ms)}`;
    phases.push({ kind: last ? KIND_AFTER[last] : m.kindBefore, from: prev, to, ms, running: false, label });
    prev = to;
    last = m.key;
  }
  const running = i.status === 'triggered' || i.status === 'acknowledged' || i.status === 'mitigated';
  if (running) {
    const kind: PhaseKind = last ? KIND_AFTER[last] : 'undetected';
    const to = Math.max(now, prev);
    phases.push({ kind, from: prev, to, ms: to - prev, running: true, label: `${RUNNING_LABEL[kind]} ${formatDuration(to - prev)}` });
  }
  const end = phases.at(-1);
  const totalMs = end ? end.to - start : 0;
  const w = widths(phases.map((p) => p.ms));
  const said = phases.map((p) => p.label).join(', ');
  const summary = `${said.charAt(0).toUpperCase()}${said.slice(1)}; ${formatDuration(totalMs)} ${running ? 'since impact began, and counting' : 'from impact to resolution'}.`;
  return { phases: phases.map((p, k) => ({ ...p, width: w[k] ?? 0 })), totalMs, running, summary };
}
