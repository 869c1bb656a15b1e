import { Group, Text } from '@mantine/core';
import { chartSummary, type SourceBar } from './noiseChart';

const ROW = 26;
const LABEL = 220;
const WIDTH = 720;
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
 * screen reader hears the figures as one sentence; the table below holds them too.
 */
export function NoiseChart({ bars }: { bars: SourceBar[] }) {
  const most = Math.max(1, ...bars.map((b) => b.handled + b.ignored));
  const scale = (n: number) => (n / most) * (WIDTH - LABEL - 50);
  return (
    <div>
      <Group gap="lg" mb="xs">
        <Swatch color={HANDLED} label="Acted on" />
        <Swatch color={IGNORED} label="Ignored" />
      </Group>
      <svg viewBox={`0 0 ${WIDTH} ${Math.max(1, bars.length) * ROW}`} width="100%" role="img" aria-label={`Alerts acted on and ignored per source. ${chartSummary(bars)}`} data-testid="noise-chart">
        {bars.map((b, i) => (
          <g key={b.label} transform={`translate(0 ${i * ROW})`}>
            <text x={LABEL - 8} y={ROW / 2 + 4} textAnchor="end" fontSize="12" fill="currentColor">
              {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
            </text>
            <rect x={LABEL} y={4} width={scale(b.handled)} height={ROW - 8} fill={HANDLED} />
            <rect x={LABEL + scale(b.handled)} y={4} width={scale(b.ignored)} height={ROW - 8} fill={IGNORED} />
            <text x={LABEL + scale(b.handled + b.ignored) + 6} y={ROW / 2 + 4} fontSize="12" fill="currentColor">
              {b.handled + b.ignored}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
