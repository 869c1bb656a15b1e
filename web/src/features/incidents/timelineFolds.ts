import type { TimelineEvent } from './types';

// A storm grouped into one incident writes an "alert joined" line per alert, and its recovery an
// "alert resolved" line per alert: hundreds of lines between the few that a reader (the
// responder now, the post-mortem later) is looking for. Runs of them fold into one line.

/** Kinds that fold when they come in a run: what the signals did, never what people did. */
const FOLDS = new Set(['alert_opened', 'alert_resolved']);

/** A line of the timeline as shown: one event, or a run of alike events folded into one. */
export type TimelineLine = { one: TimelineEvent } | { run: TimelineEvent[] };

/**
 * Consecutive alert lines of one kind, `minRun` or more, become one run; the alert that opened the
 * incident stays a line of its own (it is why there is an incident), and so does everything else.
 */
export function foldRuns(events: readonly TimelineEvent[], minRun = 4): TimelineLine[] {
  const lines: TimelineLine[] = [];
  let run: TimelineEvent[] = [];
  const flush = () => {
    if (run.length >= minRun) lines.push({ run });
    else for (const e of run) lines.push({ one: e });
    run = [];
  };
  for (const e of events) {
    const folds = FOLDS.has(e.kind) && !(e.kind === 'alert_opened' && !e.data.joined);
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

/** "12 alerts joined this incident: Disk full on db-0, Disk full on db-1 and 10 more". */
export function runSentence(run: readonly TimelineEvent[]): string {
  const summaries = run.map((e) => ('summary' in e.data ? String(e.data.summary) : ''));
  const named = summaries.slice(0, 2).join(', ');
  const rest = run.length - 2;
  const what = run[0]!.kind === 'alert_opened' ? 'alerts joined this incident' : 'alerts resolved';
  return `${run.length} ${what}: ${named}${rest > 0 ? ` and ${rest} more` : ''}`;
}
