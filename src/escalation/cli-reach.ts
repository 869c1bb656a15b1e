import type { Api } from '../cli/api-client.js';
import { resolveId, type Lookup } from '../cli/lookup.js';
import { fields, localTime, table } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';

// What the policy commands and `tocsin oncall --service` print of a policy: who each tier reaches,
// and which services it escalates.

export type Policy = ApiResponse<'/api/v1/escalation-policies/{id}', 'get'>;
export type Reach = ApiResponse<'/api/v1/escalation-policies/{id}/on-call', 'get'>;
export type Readiness = ApiResponse<'/api/v1/escalation-policies/{id}/readiness', 'get'>;

export const POLICY_LOOKUP: Omit<Lookup, 'flag'> = { path: '/escalation-policies', idPrefix: 'esc_', noun: 'escalation policy' };

const condition = (severities: string[] | null): string => (severities ? severities.join(', ') + ' only' : 'every severity');

/** One row per tier: its delay, condition, targets and who it would reach (or why nobody). */
export function reachTable(r: Reach): string {
  if (!r.policy) return 'No escalation policy: nobody would be paged.';
  const rows = r.tiers.map((t) => [
    String(t.position),
    `${t.delay_minutes} min`,
    condition(t.severities) + (t.applies ? '' : ' (skipped)'),
    t.targets.map((x) => x.name ?? `${x.kind} ${x.id ?? ''} (gone)`).join(', '),
    t.people.length ? t.people.map((p) => p.user_name).join(', ') : `nobody: ${t.targets.map((x) => x.gap).filter(Boolean).join('; ')}`,
  ]);
  return [`${r.policy.name} at ${localTime(r.at)}`, table(['tier', 'after', 'when', 'targets', 'reaches'], rows)].join('\n');
}

export const policyId = (api: Api, ref: string): Promise<string> => resolveId(api, ref, { ...POLICY_LOOKUP, flag: '<policy>' });

/** The services a policy escalates, by name; a policy no service uses pages nobody, and says so. */
export const usedBy = (p: Policy): string => (p.services.length ? p.services.map((s) => s.name).join(', ') : 'no service (it pages nobody)');

/** Whom a high-urgency page from this policy would not reach, and why: before the night it matters. */
export function unreachableLines(r: Readiness): string {
  if (!r.unreachable.length) return r.people ? `All ${r.people} people it targets can be reached for high urgency.` : 'It targets nobody yet.';
  const head = `Cannot be reached: ${r.unreachable.length} of ${r.people} people it targets would not get a high-urgency page`;
  return [head, ...r.unreachable.map((u) => `  ${u.name} (${u.targeted_by.join('; ')}): ${u.problems.map((x) => x.message).join('; ')}`)].join('\n');
}

/** What the policy commands print of a policy: its fields, who each tier reaches now (or at `at`), and who cannot be reached. */
export async function describePolicy(api: Api, p: Policy, at?: string): Promise<{ reach: Reach; readiness: Readiness; text: string }> {
  const id = encodeURIComponent(p.id);
  const [reach, readiness] = await Promise.all([api.get<Reach>(`/escalation-policies/${id}/on-call`, { at }), api.get<Readiness>(`/escalation-policies/${id}/readiness`)]);
  const text = [fields([['name', p.name], ['id', p.id], ['repeats', String(p.repeat_count)], ['used by', usedBy(p)]]), '', reachTable(reach), '', unreachableLines(readiness)].join('\n');
  return { reach, readiness, text };
}
