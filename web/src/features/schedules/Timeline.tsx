import { Stack, Text } from '@mantine/core';
import { type PointerEvent, useState } from 'react';
import classes from './schedules.module.css';
import { bars, colorOf, type Range, tracks } from './timeline';
import type { Plan, Shift } from './types';

interface Props {
  plan: Plan;
  range: Range;
  zone: string;
  now: number;
  /** A range dragged across the result row (to override it); the forms do the same from the keyboard. */
  onSelect?: (r: { start: number; end: number }) => void;
}

const QUARTER_HOUR = 900_000;

/** Where a pointer is along an element, 0 to 1. */
const fractionAt = (e: PointerEvent<HTMLElement>): number => {
  const box = e.currentTarget.getBoundingClientRect();
  return Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
};

const when = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

function who(s: Shift): string {
  if (s.user_id) return s.user_name ?? s.user_id;
  return s.uncovered_user_id ? 'Nobody (member deactivated)' : 'Nobody';
}

/** Each layer's turns, the overrides and who is on call in the end, over one range, in one zone. */
export function Timeline({ plan, range, zone, now, onSelect }: Props) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const at = (f: number) => Math.round((range.from + f * (range.to - range.from)) / QUARTER_HOUR) * QUARTER_HOUR;
  const dragging = onSelect
    ? {
        onPointerDown: (e: PointerEvent<HTMLUListElement>) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ from: fractionAt(e), to: fractionAt(e) });
        },
        onPointerMove: (e: PointerEvent<HTMLUListElement>) => drag && setDrag({ ...drag, to: fractionAt(e) }),
        onPointerUp: () => {
          if (drag) {
            const [a, b] = [at(Math.min(drag.from, drag.to)), at(Math.max(drag.from, drag.to))];
            if (b > a) onSelect({ start: a, end: b });
          }
          setDrag(null);
        },
        style: { cursor: 'crosshair', touchAction: 'none' } as const,
      }
    : {};
  const nowLeft = now >= range.from && now < range.to ? ((now - range.from) / (range.to - range.from)) * 100 : null;
  return (
    <Stack gap="sm">
      {tracks(plan).map((t) => (
        <div key={t.key}>
          <Text size="sm" fw={t.key === 'final' ? 700 : 500} id={`track-${t.key}`}>
            {t.label}
          </Text>
          <ul className={classes.track} aria-labelledby={`track-${t.key}`} data-track={t.key} {...(t.key === 'final' ? dragging : {})}>
            {bars(t.shifts, range)
              .filter((b) => b.width > 0)
              .map((b) => {
                const label = `${who(b.shift)}: ${when(b.shift.start, zone)} – ${when(b.shift.end, zone)}`;
                const gap = !b.shift.user_id;
                return (
                  <li
                    key={`${b.shift.start}-${b.shift.user_id ?? b.shift.uncovered_user_id ?? 'gap'}`}
                    className={`${classes.bar} ${gap ? classes.gap : ''}`}
                    style={{ left: `${b.left}%`, width: `${b.width}%`, ...(gap ? {} : { background: `var(--mantine-color-${colorOf(b.shift.user_id)}-9)` }) }}
                    title={label}
                    aria-label={label}
                    data-override={b.shift.override_id ?? undefined}
                  >
                    {who(b.shift)}
                  </li>
                );
              })}
            {nowLeft !== null && <li className={classes.now} style={{ left: `${nowLeft}%` }} aria-label="Now" />}
            {t.key === 'final' && drag && (
              <li className={classes.selection} style={{ left: `${Math.min(drag.from, drag.to) * 100}%`, width: `${Math.abs(drag.to - drag.from) * 100}%` }} aria-label="Selected range" />
            )}
          </ul>
        </div>
      ))}
    </Stack>
  );
}
