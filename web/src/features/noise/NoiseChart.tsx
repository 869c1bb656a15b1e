import { Group, Text } from '@mantine/core';
import classes from './NoiseChart.module.css';
import { chartSummary, type SourceBar } from './noiseChart';

const HANDLED = 'var(--mantine-color-teal-filled)';
const IGNORED = 'var(--mantine-color-orange-filled)';

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <svg width="12" height="12" aria-hidden="true">
        <rect width="12" height="12" rx="2" fill={color} />
      </svg>
      <Text size="sm">{label}</Text>
    </Group>
  );
}

/**
 * Per source, a bar of the alerts someone acted on and the alerts nobody did, on one scale. A
 * screen reader hears the figures as one sentence; the table below holds them too. Plain
 * elements, not one scaled SVG: on a phone the SVG shrank its labels to a few pixels; here the
 * label keeps the page's size and sits above its bar when the row is narrow.
 */
export function NoiseChart({ bars }: { bars: SourceBar[] }) {
  const most = Math.max(1, ...bars.map((b) => b.handled + b.ignored));
  const share = (n: number) => `${(n / most) * 100}%`;
  return (
    <div>
      <Group gap="lg" mb="xs">
        <Swatch color={HANDLED} label="Acted on" />
        <Swatch color={IGNORED} label="Ignored" />
      </Group>
      <div role="img" aria-label={`Alerts acted on and ignored per source. ${chartSummary(bars)}`} data-testid="noise-chart" className={classes.chart}>
        {bars.map((b) => (
          <div key={b.label} className={classes.row} aria-hidden="true">
            <span className={classes.label} title={b.label}>
              {b.label}
            </span>
            <span className={classes.track}>
              <span className={classes.bar} style={{ width: share(b.handled), background: HANDLED }} />
              <span className={classes.bar} style={{ width: share(b.ignored), background: IGNORED }} />
              <span className={classes.count}>{b.handled + b.ignored}</span>
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
