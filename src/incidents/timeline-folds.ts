// A storm grouped into one incident writes an "alert joined" line per alert, and its recovery an
// "alert resolved" line per alert: hundreds of lines between the few that a reader (the
// responder now, the post-mortem later) is looking for. Runs of them fold into one line, in the
// web app's timeline and in `tocsin incident show` alike. Pure, with no imports: the web bundle
// takes it as it is.

/** The parts of a timeline event this reads. */
export interface FoldableEvent {
  kind: string;
  data: unknown;
}

/** Kinds that fold when they come in a run: what the signals did, never what people did. */
const FOLDS = new Set(['alert_opened', 'alert_resolved']);

/** A line of the timeline as shown: one event, or a run of alike events folded into one. */
export type TimelineLine<E> = { one: E } | { run: E[] };

const field = (e: FoldableEvent, name: string): unknown => (typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>)[name] : undefined);

/**
 * Consecutive alert lines of one kind, `minRun` or more, become one run; the alert that opened the
 * incident stays a line of its own (it is why there is an incident), and so does everything else.
 */
export function foldRuns<E extends FoldableEvent>(events: readonly E[], minRun = 4): TimelineLine<E>[] {
  const lines: TimelineLine<E>[] = [];
  let run: E[] = [];
  const flush = () => {
    if (run.length >= minRun) lines.push({ run });
    else for (const e of run) lines.push({ one: e });
    run = [];
  };
  for (const e of events) {
    const folds = FOLDS.has(e.kind) && !(e.kind === 'alert_opened' && !field(e, 'joined'));
    if (folds && run.length && run[0]!.kind === e.kind) {
      run.push(e);
      continue;
    }
    flush();
    if (folds) run = [e];
    else lines.push({ one: e });
  }
  flush();
  return lines;
}

/** What a run is, in two words: "alerts joined" or "alerts resolved". */
export const runLabel = (run: readonly FoldableEvent[]): string => (run[0]?.kind === 'alert_opened' ? 'alerts joined' : 'alerts resolved');

/** "12 alerts joined this incident: Disk full on db-0, Disk full on db-1 and 10 more" (thousands grouped: "4,999"). */
export function runSentence(run: readonly FoldableEvent[]): string {
  // A resolve's `summary` says how it resolved; the alert's own is `alert_summary` (older events lack it).
  const named = run.slice(0, 2).map((e) => String(field(e, 'alert_summary') ?? field(e, 'summary') ?? '')).join(', ');
  const rest = run.length - 2;
  const what = runLabel(run) === 'alerts joined' ? 'alerts joined this incident' : 'alerts resolved';
  return `${run.length.toLocaleString('en')} ${what}: ${named}${rest > 0 ? ` and ${rest.toLocaleString('en')} more` : ''}`;
}

/**
 * What an alert's line names: the alert, and for a resolve how it resolved ("Disk full on db-1
 * (resolved by its sender)"). Resolves recorded before `alert_summary` existed name only how.
 */
export function resolvedWhat(data: { summary: string; alert_summary?: string }): string {
  if (!data.alert_summary || data.alert_summary === data.summary) return data.summary;
  const how = /^[A-Z][a-z]/.test(data.summary) ? data.summary[0]!.toLowerCase() + data.summary.slice(1) : data.summary;
  return `${data.alert_summary} (${how})`;
}

/** Words shown for a revision, each side cut at this length (the event keeps them whole). */
const REVISED_SHOWN = 160;
const quoted = (text: string): string => `“${text.length > REVISED_SHOWN ? `${text.slice(0, REVISED_SHOWN - 1)}…` : text}”`;

/**
 * What an `alert_revised` event changed, in one phrase for the web app and the CLI: the summary
 * from → to, the description from → to (or set, when it had none), the priority, tags and
 * custom details added or removed.
 */
export function revisedWhat(data: {
  summary: string;
  previous_summary?: string;
  description?: string;
  previous_description?: string | null;
  priority?: string;
  previous_priority?: string | null;
  tags_added?: string[];
  tags_removed?: string[];
  details_set?: Record<string, string>;
  details_removed?: string[];
  note?: string;
  user?: string;
}): string {
  const parts: string[] = [];
  if (data.previous_summary !== undefined) parts.push(`${quoted(data.previous_summary)} → ${quoted(data.summary)}`);
  if (data.description !== undefined) {
    const before = data.previous_description;
    parts.push(`description ${before ? `${quoted(before)} → ` : 'set: '}${quoted(data.description)}`);
  }
  if (data.priority !== undefined) parts.push(`priority ${data.previous_priority ? `${data.previous_priority} → ` : ''}${data.priority}`);
  const tags = [...(data.tags_added ?? []).map((t) => `+${t}`), ...(data.tags_removed ?? []).map((t) => `−${t}`)];
  if (tags.length) parts.push(`tags ${tags.join(', ')}`);
  const details = [...Object.entries(data.details_set ?? {}).map(([k, v]) => `${k} = ${quoted(v)}`), ...(data.details_removed ?? []).map((k) => `${k} removed`)];
  if (details.length) parts.push(`details ${details.join(', ')}`);
  const said = data.note ? ` — ${quoted(data.note)}${data.user ? ` (${data.user})` : ''}` : data.user ? ` (${data.user})` : '';
  return (parts.join('; ') || quoted(data.summary)) + said;
}
