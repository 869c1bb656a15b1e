import { ValidationError } from '../core/errors.js';
import { SEVERITIES, type Severity } from '../incidents/model.js';

// Escalation policies: pure rules (tiers in order, targets well formed, the default template) and
// who each tier would reach at an instant given what the other domains answer. No I/O, no clock.

export type TargetKind = 'user' | 'schedule' | 'team' | 'incident_commander';
export const TARGET_KINDS: readonly TargetKind[] = ['user', 'schedule', 'team', 'incident_commander'];

export interface Target {
  kind: TargetKind;
  /** The user, schedule or team; none for the incident commander. */
  id: string | null;
}

/** A target as sent: `id` may be left out for the incident commander. */
export interface TargetInput {
  kind: TargetKind;
  id?: string | null;
}

export interface TierInput {
  position?: number;
  delay_minutes: number;
  severities?: Severity[] | null;
  targets: TargetInput[];
}

export interface Tier {
  position: number;
  delay_minutes: number;
  /** null: every severity. */
  severities: Severity[] | null;
  targets: Target[];
}

export const MAX_TIERS = 20;
export const MAX_TARGETS = 20;
export const MAX_REPEAT = 10;
/** A week: longer than any escalation anyone waits for. */
export const MAX_DELAY_MINUTES = 7 * 24 * 60;
/** The acknowledgement timeout's bounds (the database's CHECK agrees): a minute to a week. */
export const MAX_ACK_TIMEOUT_MINUTES = 7 * 24 * 60;

function checkTarget(t: TargetInput, field: string): Target {
  if (t.kind === 'incident_commander') {
    if (t.id) throw new ValidationError(`${field}.id: the incident commander takes no id`, `${field}.id`);
    return { kind: t.kind, id: null };
  }
  if (!t.id) throw new ValidationError(`${field}.id: a ${t.kind} target needs the ${t.kind}'s id`, `${field}.id`);
  return { kind: t.kind, id: t.id };
}

function checkSeverities(raw: Severity[] | null | undefined, field: string): Severity[] | null {
  if (raw === null || raw === undefined) return null;
  if (raw.length === 0) throw new ValidationError(`${field}: give at least one severity, or null for every severity`, field);
  const unknown = raw.find((s) => !SEVERITIES.includes(s));
  if (unknown !== undefined) throw new ValidationError(`${field}: ${unknown} is not one of ${SEVERITIES.join(', ')}`, field);
  return SEVERITIES.filter((s) => raw.includes(s));
}

/**
 * Tiers as given to tiers in escalation order, numbered 1, 2, 3 ...: positions (when given) are
 * distinct, delays never go down, each tier reaches someone and names each target once.
 */
export function checkTiers(inputs: readonly TierInput[]): Tier[] {
  if (inputs.length === 0) throw new ValidationError('tiers: a policy needs at least one tier', 'tiers');
  if (inputs.length > MAX_TIERS) throw new ValidationError(`tiers: at most ${MAX_TIERS} tiers`, 'tiers');
  const seen = new Map<number, number>();
  for (const [i, t] of inputs.entries()) {
    if (t.position === undefined) continue;
    if (seen.has(t.position)) throw new ValidationError(`tiers.${i}.position: tiers ${seen.get(t.position)} and ${i} both have position ${t.position}`, `tiers.${i}.position`);
    seen.set(t.position, i);
  }
  if (seen.size > 0 && seen.size < inputs.length) throw new ValidationError('tiers: give a position for every tier or for none', 'tiers');
  // Positions order the tiers; the field names keep the index the caller sent.
  const order = inputs.map((t, i) => ({ t, i })).sort((a, b) => (a.t.position ?? a.i) - (b.t.position ?? b.i));
  let previous = 0;
  return order.map(({ t, i }, n) => {
    const field = `tiers.${i}`;
    if (!Number.isInteger(t.delay_minutes) || t.delay_minutes < 0 || t.delay_minutes > MAX_DELAY_MINUTES) {
      throw new ValidationError(`${field}.delay_minutes must be a whole number from 0 to ${MAX_DELAY_MINUTES}`, `${field}.delay_minutes`);
    }
    if (t.delay_minutes < previous) throw new ValidationError(`${field}.delay_minutes: ${t.delay_minutes} is before the tier ahead of it (${previous}); delays never go down`, `${field}.delay_minutes`);
    previous = t.delay_minutes;
    if (t.targets.length === 0) throw new ValidationError(`${field}.targets: a tier needs at least one target`, `${field}.targets`);
    if (t.targets.length > MAX_TARGETS) throw new ValidationError(`${field}.targets: at most ${MAX_TARGETS} targets`, `${field}.targets`);
    const targets = t.targets.map((x, j) => checkTarget(x, `${field}.targets.${j}`));
    const keys = targets.map((x) => `${x.kind}:${x.id}`);
    const twice = keys.findIndex((k, j) => keys.indexOf(k) !== j);
    if (twice >= 0) throw new ValidationError(`${field}.targets.${twice}: named twice in one tier`, `${field}.targets.${twice}`);
    return { position: n + 1, delay_minutes: t.delay_minutes, severities: checkSeverities(t.severities, `${field}.severities`), targets };
  });
}

export function checkRepeatCount(n: number | undefined): number {
  if (n === undefined) return 0;
  if (!Number.isInteger(n) || n < 0 || n > MAX_REPEAT) throw new ValidationError(`repeat_count must be a whole number from 0 to ${MAX_REPEAT}`, 'repeat_count');
  return n;
}

/**
 * How long an acknowledged, unmitigated incident waits before it pages again; null: it never
 * does. Undefined (not given) stays undefined, so a patch leaves the value alone.
 */
export function checkAckTimeout(n: number | null | undefined): number | null | undefined {
  if (n === undefined || n === null) return n;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ACK_TIMEOUT_MINUTES) throw new ValidationError(`ack_timeout_minutes must be a whole number from 1 to ${MAX_ACK_TIMEOUT_MINUTES}, or null`, 'ack_timeout_minutes');
  return n;
}

/** The ids a policy refers to, by kind, each with the field that names it first (for errors). */
export function referencedIds(tiers: readonly Tier[], fieldOf: (tier: number, target: number) => string): Record<'user' | 'schedule' | 'team', Map<string, string>> {
  const out = { user: new Map<string, string>(), schedule: new Map<string, string>(), team: new Map<string, string>() };
  tiers.forEach((tier, i) =>
    tier.targets.forEach((t, j) => {
      if (t.kind !== 'incident_commander' && !out[t.kind].has(t.id!)) out[t.kind].set(t.id!, fieldOf(i, j));
    }),
  );
  return out;
}

export interface DefaultTemplateTargets {
  primary: TargetInput;
  secondary: TargetInput;
  management: TargetInput;
  executives: TargetInput;
}

/**
 * The seed's default policy: the on-call primary at once; the secondary or team lead at 5 minutes;
 * engineering management at 15 and executives at 30, both for SEV-1 only.
 */
export function defaultTiers(t: DefaultTemplateTargets): TierInput[] {
  return [
    { delay_minutes: 0, severities: null, targets: [t.primary] },
    { delay_minutes: 5, severities: null, targets: [t.secondary] },
    { delay_minutes: 15, severities: ['SEV-1'], targets: [t.management] },
    { delay_minutes: 30, severities: ['SEV-1'], targets: [t.executives] },
  ];
}

export const appliesTo = (tier: Pick<Tier, 'severities'>, severity: Severity | undefined): boolean =>
  severity === undefined || tier.severities === null || tier.severities.includes(severity);

/** What the other domains answer about the targets at one instant. */
export interface Lookups {
  /** Per schedule: its name and who is on call (null: nobody); absent: the schedule is gone. */
  schedules: ReadonlyMap<string, { name: string; on_call: string | null }>;
  /** Per team: its name and members; absent: the team is gone. */
  teams: ReadonlyMap<string, { name: string; member_ids: readonly string[] }>;
  /** Active people by id, with names; someone absent is deleted or deactivated. */
  people: ReadonlyMap<string, string>;
  /** The commander of the incident being escalated, when there is one (paging knows; "who is on call" does not). */
  commander?: { user_id: string; user_name: string } | null;
}

export interface Reach {
  kind: TargetKind;
  id: string | null;
  name: string | null;
  people: { user_id: string; user_name: string }[];
  /** Why this target reaches nobody, when it does not. */
  gap: string | null;
}

/** Who one target would reach: a person, a schedule's on-call, a team's active members. */
export function reachOf(t: Target, l: Lookups): Reach {
  const person = (id: string) => (l.people.has(id) ? [{ user_id: id, user_name: l.people.get(id)! }] : []);
  const base = { kind: t.kind, id: t.id };
  const done = (name: string | null, people: Reach['people'], gap: string) => ({ ...base, name, people, gap: people.length ? null : gap });
  if (t.kind === 'incident_commander') {
    const c = l.commander;
    return done('Incident commander', c && l.people.has(c.user_id) ? [c] : [], c === undefined ? 'the incident commander of the incident being escalated' : 'the incident has no commander');
  }
  const id = t.id!;
  if (t.kind === 'user') return done(l.people.get(id) ?? null, person(id), 'this person is deleted or deactivated');
  if (t.kind === 'schedule') {
    const s = l.schedules.get(id);
    if (!s) return done(null, [], 'this schedule no longer exists');
    return done(s.name, s.on_call ? person(s.on_call) : [], 'nobody is on call in this schedule');
  }
  const team = l.teams.get(id);
  if (!team) return done(null, [], 'this team no longer exists');
  return done(team.name, team.member_ids.flatMap(person), 'this team has no active members');
}
