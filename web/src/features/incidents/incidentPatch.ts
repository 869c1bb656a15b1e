import type { Impact, Incident, IncidentPatch } from './types';

export interface IncidentEdit {
  title: string;
  impact: Impact;
  hypothesis: string;
  root_cause_category: string;
  service_ids: string[];
}

/** Common answers; free text is accepted too (up to 100 characters). */
export const ROOT_CAUSE_SUGGESTIONS = [
  'deploy',
  'configuration change',
  'capacity',
  'third-party dependency',
  'infrastructure',
  'software bug',
  'data',
  'security',
];

export function editOf(i: Incident): IncidentEdit {
  const { users_affected, functionality_broken, data_at_risk } = i.impact;
  return {
    title: i.title,
    impact: { users_affected, functionality_broken, data_at_risk },
    hypothesis: i.hypothesis,
    root_cause_category: i.root_cause_category ?? '',
    service_ids: i.services.map((s) => s.id),
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only what changed, so the timeline's `updated` entry names exactly the fields someone edited. */
export function incidentPatch(before: IncidentEdit, after: IncidentEdit): IncidentPatch {
  const p: IncidentPatch = {};
  if (after.title.trim() !== before.title) p.title = after.title.trim();
  if (after.hypothesis.trim() !== before.hypothesis) p.hypothesis = after.hypothesis.trim();
  const cause = after.root_cause_category.trim();
  if (cause !== before.root_cause_category) p.root_cause_category = cause || null;
  if (!sameSet(after.service_ids, before.service_ids)) p.service_ids = after.service_ids;
  const impact: Impact = {};
  for (const k of ['users_affected', 'functionality_broken', 'data_at_risk'] as const) {
    if ((after.impact[k] ?? null) !== (before.impact[k] ?? null)) Object.assign(impact, { [k]: after.impact[k] ?? null });
  }
  if (Object.keys(impact).length) p.impact = impact;
  return p;
}
