import { noiseSourceLabel } from '../../../../src/alerts/noise-label';

// The noise chart's data: per source, alerts acted on and alerts ignored. Pure.

export interface SourceBar {
  label: string;
  handled: number;
  ignored: number;
}

interface Row {
  source: string;
  source_ref: string;
  source_name: string | null;
  service_name?: string | null;
  fired: number;
  handled: number;
}

/** A source as people know it (shared with the CLI): "Checkout: grafana (pagerduty)". */
export const sourceLabel = noiseSourceLabel;

/** One bar per source (its alert classes summed), most ignored first, at most `max`. */
export function sourceBars(rows: readonly Row[], max = 12): SourceBar[] {
  const bars = new Map<string, SourceBar>();
  for (const r of rows) {
    const label = sourceLabel(r);
    const bar = bars.get(label) ?? { label, handled: 0, ignored: 0 };
    bar.handled += r.handled;
    bar.ignored += r.fired - r.handled;
    bars.set(label, bar);
  }
  return [...bars.values()].sort((a, b) => b.ignored - a.ignored || b.handled - a.handled || a.label.localeCompare(b.label)).slice(0, max);
}

/** What a screen reader hears instead of the bars. */
export function chartSummary(bars: readonly SourceBar[]): string {
  if (bars.length === 0) return 'No alerts fired in this range';
  return bars.map((b) => `${b.label}: ${b.handled} acted on, ${b.ignored} ignored`).join('; ');
}

/** 90 s, 12 min, 3.5 h. */
export function shortDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** "1 event", "4 events". */
export const eventCount = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;
