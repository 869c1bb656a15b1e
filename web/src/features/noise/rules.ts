// The suppression-rule form's rules. Pure.

export const RULE_SOURCES = ['pagerduty', 'alertmanager', 'opsgenie', 'webhook'] as const;
export const RULE_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** `labels.env=staging` lines (blank lines skipped) as a rule's `match`; the first bad line as an error. */
export function parseMatch(text: string): { match: Record<string, string> } | { error: string } {
  const match: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const at = line.indexOf('=');
    if (at < 1) return { error: `"${line}" is not path=value, e.g. labels.env=staging` };
    match[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { match };
}

/** What a rule matches, in a few words. */
export function ruleConditions(r: { service_id: string | null; source: string | null; severity: string | null; match: Record<string, string> }, serviceName: (id: string) => string): string {
  const parts = [
    r.service_id && `service ${serviceName(r.service_id)}`,
    r.source && `from ${r.source}`,
    r.severity && `severity ${r.severity}`,
    ...Object.entries(r.match).map(([k, v]) => `${k} = ${v}`),
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every alert event';
}
