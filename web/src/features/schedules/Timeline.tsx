import { Stack, Text } from '@mantine/core';
import classes from './schedules.module.css';
import { bars, colorOf, type Range, tracks } from './timeline';
import type { Plan, Shift } from './types';

interface Props {
  plan: Plan;
  range: Range;
  zone: string;
  now: number;
}

const when = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

function who(s: Shift): string {
  if (s.user_id) return s.user_name ?? s.user_id;
  return s.uncovered_user_id ? 'Nobody (member deactivated)' : 'Nobody';
}

/** Each layer's turns, the overrides and who is on call in the end, over one range, in one zone. */
export function Timeline({ plan, range, zone, now }: Props) {
  const nowLeft = now >= range.from && now < range.to ? ((now - range.from) / (range.to - range.from)) * 100 : null;
  return (
    <Stack gap="sm">
      {tracks(plan).map((t) => (
        <div key={t.key}>
          <Text size="sm" fw={t.key === 'final' ? 700 : 500} id={`track-${t.key}`}>
            {t.label}
          </Text>
          <ul className={classes.track} aria-labelledby={`track-${t.key}`} data-track={t.key}>
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
                  >
                    {who(b.shift)}
                  </li>
                );
              })}
            {nowLeft !== null && <li className={classes.now} style={{ left: `${nowLeft}%` }} aria-label="Now" />}
          </ul>
        </div>
      ))}
    </Stack>
  );
}
