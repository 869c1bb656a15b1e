import { Text, Tooltip } from '@mantine/core';
import { type MouseEvent, useId, useState } from 'react';
import classes from './monitors.module.css';
import type { UptimeDay } from './types';
import { barSummary, dayLabel, dayTone } from './uptimeBar';

const STEP = 3;
const WIDTH = 2;

/**
 * One thin mark per day, oldest on the left; hovering names the day and its uptime. A screen
 * reader hears one sentence ("99.95% over 90 days, 2 days with downtime") instead of 90 marks.
 * `days` null: the server has no history for it yet.
 */
export function UptimeBar({ days, label }: { days: UptimeDay[] | null | undefined; label?: string }) {
  // React's ids carry characters a url(#…) reference does not take.
  const hatch = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [hover, setHover] = useState<number | null>(null);
  if (!days || days.length === 0) {
    return (
      <Text size="xs" c="dimmed" data-testid="uptime-bar-empty">
        No history yet
      </Text>
    );
  }
  const width = days.length * STEP;
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const i = Math.floor(((e.clientX - box.left) / box.width) * days.length);
    setHover(Math.min(days.length - 1, Math.max(0, i)));
  };
  const summary = barSummary(days);
  const day = hover === null ? undefined : days[hover];
  return (
    <Tooltip.Floating label={day ? dayLabel(day) : summary} disabled={hover === null}>
      <svg
        className={classes.bar}
        viewBox={`0 0 ${width} 24`}
        preserveAspectRatio="none"
        role="img"
        aria-label={label ? `${label}: ${summary}` : summary}
        data-testid="uptime-bar"
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <defs>
          <pattern id={hatch} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" className={classes.maintenance} />
            <line x1="0" y1="0" x2="0" y2="4" className={classes.hatch} strokeWidth="2" />
          </pattern>
        </defs>
        {days.map((d, i) => {
          const tone = dayTone(d);
          return (
            <rect
              key={d.start}
              x={i * STEP}
              width={WIDTH}
              height={24}
              rx={0.5}
              className={tone === 'maintenance' ? undefined : classes[tone]}
              fill={tone === 'maintenance' ? `url(#${hatch})` : undefined}
              opacity={hover === null || hover === i ? 1 : 0.7}
            />
          );
        })}
      </svg>
    </Tooltip.Floating>
  );
}
