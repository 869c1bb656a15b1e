import { InvalidArgumentError } from 'commander';
import { severityArg, type Severity } from '../incidents/cli-args.js';

// How `tocsin policy create` reads a tier from one flag, as a person would write it on a card:
//   --tier "0: schedule:Primary"
//   --tier "5: schedule:Secondary; user:grace@example.com"
//   --tier "15 SEV-1: team:Engineering managers"
//   --tier "30 SEV-1,SEV-2: commander"
// minutes after the incident opens, optional severities, then targets separated by ";". Names are
// looked up over the API afterwards; this only splits the text.

export type TargetKindName = 'user' | 'schedule' | 'team';

/** A target as written: a kind and the name, email or id to look up, or the incident commander. */
export type TargetSpec = { kind: TargetKindName; ref: string } | { kind: 'incident_commander' };

export interface TierSpec {
  delay_minutes: number;
  severities: Severity[] | null;
  targets: TargetSpec[];
}

const TIER = /^\s*(\d{1,5})\s*(?:min(?:utes?)?)?\s*((?:sev-?[1-4]\s*,?\s*)*)\s*:\s*(.*)$/i;
const TARGET = /^(user|schedule|team)\s*:\s*(.+)$/i;

/** One target: `user:<email, name or id>`, `schedule:<name or id>`, `team:<name or id>` or `commander`. */
export function parseTarget(raw: string): TargetSpec {
  const text = raw.trim();
  if (/^(incident[ _-]?)?commander$/i.test(text)) return { kind: 'incident_commander' };
  const m = TARGET.exec(text);
  if (!m || !m[2]!.trim()) throw new InvalidArgumentError(`"${text}" is not a target: write user:<email or name>, schedule:<name>, team:<name> or commander.`);
  return { kind: m[1]!.toLowerCase() as TargetKindName, ref: m[2]!.trim() };
}

/** A commander option parser for repeatable `--tier`: each value one tier, in the order given. */
export function parseTier(raw: string, previous: TierSpec[] = []): TierSpec[] {
  const m = TIER.exec(raw);
  if (!m) throw new InvalidArgumentError(`"${raw}" is not a tier: write "<minutes> [SEV-1,SEV-2]: <target>; <target>", e.g. "5: schedule:Secondary".`);
  const severities = [...m[2]!.matchAll(/sev-?[1-4]/gi)].map((s) => severityArg(s[0]));
  const targets = m[3]!
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean)
    .map(parseTarget);
  if (targets.length === 0) throw new InvalidArgumentError(`"${raw}" names nobody: give at least one target after the colon.`);
  return [...previous, { delay_minutes: Number(m[1]), severities: severities.length ? [...new Set(severities)] : null, targets }];
}
