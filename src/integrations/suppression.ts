import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import { atPath, textOf, type IntakeEvent } from './model.js';
import type * as S from './schemas.js';
import type { IntegrationKeysTable, SuppressionRulesTable } from './tables.js';

// Suppression rules: which events are dropped (counted, nothing stored) or kept quiet (an alert
// without an incident or a page). No I/O, no clock.

export type SuppressionRuleJson = Static<typeof S.SuppressionRuleSchema>;

/** A rule as matched: its conditions parsed once, when the rules are loaded. */
export interface Rule {
  id: string;
  service_id: string | null;
  source: string | null;
  severity: string | null;
  match: [path: string, value: string][];
  action: SuppressionRulesTable['action'];
}

export const toRule = (r: SuppressionRulesTable): Rule => ({
  id: r.id,
  service_id: r.service_id,
  source: r.source,
  severity: r.severity,
  match: Object.entries(JSON.parse(r.match) as Record<string, string>),
  action: r.action,
});

export const toRuleJson = (r: SuppressionRulesTable): SuppressionRuleJson => ({
  id: r.id,
  name: r.name,
  service_id: r.service_id,
  source: r.source,
  severity: r.severity,
  match: JSON.parse(r.match) as Record<string, string>,
  action: r.action,
  matched_events: Number(r.matched_events),
  last_matched_at: toIso(r.last_matched_at),
  created_by: r.created_by,
  created_at: toIso(r.created_at)!,
});

/** The fields a rule's `match` reads: what the sender said (labels, custom details ...) and the event's own. */
const fieldsOf = (ev: IntakeEvent) => ({ ...ev.details, summary: ev.summary, dedup_key: ev.dedup_key });

/**
 * The first rule (oldest first) every condition of which the trigger meets, or null. Only
 * triggers are suppressed: an acknowledge or resolve of an alert that was dropped finds nothing
 * open and is dropped anyway; of a quiet one, it must still close it.
 */
export function suppressingRule(rules: readonly Rule[], key: Pick<IntegrationKeysTable, 'id' | 'type' | 'service_id' | 'default_severity'>, ev: IntakeEvent): Rule | null {
  if (ev.action !== 'trigger' || rules.length === 0) return null;
  const severity = ev.severity ?? key.default_severity ?? 'error';
  const fields = fieldsOf(ev);
  return (
    rules.find(
      (r) =>
        (r.service_id === null || r.service_id === key.service_id) &&
        (r.source === null || r.source === key.id || r.source === key.type) &&
        (r.severity === null || r.severity === severity) &&
        r.match.every(([path, value]) => textOf(atPath(fields, path)) === value),
    ) ?? null
  );
}
