import type { ChannelName } from '../content.js';
import type { Urgency } from './tables.js';

// Readiness: whether a person can be reached for an urgency, and what stands in the way, from
// their methods, their rules and the channels this server can send on. Pure: the service loads.

export const PROBLEM_CODES = ['no_verified_method', 'no_rules', 'method_unverified', 'method_disabled', 'channel_not_configured'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ReadinessProblem {
  code: ProblemCode;
  message: string;
  contact_method_id?: string;
  channel?: ChannelName;
}

export interface MethodState {
  id: string;
  channel: ChannelName;
  label: string;
  verified_at: number | null;
  disabled_at: number | null;
}

export interface RuleState {
  contact_method_id: string;
  urgency: Urgency;
  delay_minutes: number;
}

export interface UrgencyReadiness {
  reachable: boolean;
  first_minutes: number | null;
  methods: { contact_method_id: string; channel: ChannelName; label: string; delay_minutes: number; usable: boolean }[];
  problems: ReadinessProblem[];
}

const named = (m: MethodState) => (m.label ? `${m.channel} (${m.label})` : m.channel);

/** What keeps one method from being paged, or null when it can be. */
function methodProblem(m: MethodState, configured: ReadonlySet<ChannelName>): ReadinessProblem | null {
  const at = { contact_method_id: m.id, channel: m.channel };
  if (m.disabled_at !== null) return { code: 'method_disabled', message: `${named(m)} was disabled: its address is gone; add it again`, ...at };
  if (m.verified_at === null) return { code: 'method_unverified', message: `${named(m)} is not verified: enter the code sent to it`, ...at };
  if (!configured.has(m.channel)) return { code: 'channel_not_configured', message: `${m.channel} is not configured on this server: ask an admin`, ...at };
  return null;
}

/** Readiness of one person for one urgency. */
export function readinessFor(methods: readonly MethodState[], rules: readonly RuleState[], urgency: Urgency, configured: ReadonlySet<ChannelName>): UrgencyReadiness {
  const byId = new Map(methods.map((m) => [m.id, m]));
  const mine = rules.filter((r) => r.urgency === urgency && byId.has(r.contact_method_id)).sort((a, b) => a.delay_minutes - b.delay_minutes);
  const problems: ReadinessProblem[] = [];
  if (!methods.some((m) => m.verified_at !== null && m.disabled_at === null)) problems.push({ code: 'no_verified_method', message: 'No verified contact method: add one and enter its code' });
  if (mine.length === 0) problems.push({ code: 'no_rules', message: `No notification rule for ${urgency} urgency: add one` });
  const seen = new Set<string>();
  const steps = mine.map((r) => {
    const m = byId.get(r.contact_method_id)!;
    const problem = methodProblem(m, configured);
    if (problem && !seen.has(m.id)) problems.push(problem);
    seen.add(m.id);
    return { contact_method_id: m.id, channel: m.channel, label: m.label, delay_minutes: r.delay_minutes, usable: problem === null };
  });
  const first = steps.find((s) => s.usable);
  return { reachable: first !== undefined, first_minutes: first?.delay_minutes ?? null, methods: steps, problems };
}
