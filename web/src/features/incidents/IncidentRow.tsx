import { IconBellCheck, IconBellOff, IconBellRinging, IconClock, IconClockPause, IconPhoneOff, IconUserExclamation, IconUserShield } from '@tabler/icons-react';
import { memo } from 'react';
import { DrillBadge, SeverityBadge, StatusBadge } from './IncidentBadges';
import classes from './IncidentRow.module.css';
import { isOpen } from './lifecycle';
import { formatAge } from './presentation';
import type { Incident } from './types';
import type { PagedLine } from '../paging/presentation';

const PAGED_ICON = { paging: IconBellRinging, unreachable: IconPhoneOff, nobody: IconBellOff, answered: IconBellCheck, later: IconClockPause } as const;

/**
 * One incident in the list: severity, number and title, status, age, and who is on it: its
 * commander and (open ones) who is paged, or whom paging cannot reach.
 * Memoized: a newly loaded page or a live change re-renders only the rows whose incident changed.
 * A plain link: the list opens it in the app (`useClientLinks` on the list), a Link per row costs.
 */
export const IncidentRow = memo(function IncidentRow({ incident: i, now, paged }: { incident: Incident; now: number; paged?: PagedLine | null }) {
  const open = isOpen(i.status);
  const end = i.resolved_at ?? i.closed_at;
  const age = formatAge((open || !end ? now : Date.parse(end)) - Date.parse(i.started_at));
  const commander = i.roles.commander;
  return (
    <a href={`/incidents/${i.number}`} className={classes.row} data-testid="incident-row" data-incident-number={i.number}>
      <SeverityBadge severity={i.severity} />
      <div className={classes.body}>
        <p className={classes.title}>
          <span className={classes.number}>#{i.number}</span>
          <span data-testid="incident-title">{i.title}</span>
        </p>
        <div className={classes.facts}>
          <StatusBadge status={i.status} size="sm" />
          <span className={classes.fact} title={open ? 'Time since impact began' : 'Duration'}>
            <IconClock size={14} aria-hidden />
            <span>{age}</span>
          </span>
          {commander ? (
            <span className={`${classes.fact} ${classes.names}`} data-testid="incident-commander" title="Incident commander">
              <IconUserShield size={14} aria-hidden style={{ flexShrink: 0 }} />
              <span>{commander.name}</span>
            </span>
          ) : (
            open && (
              <span className={`${classes.fact} ${classes.warning}`} data-testid="incident-commander">
                <IconUserExclamation size={14} aria-hidden />
                <span>No commander</span>
              </span>
            )
          )}
          {paged && <PagedFact line={paged} />}
          {i.services?.length > 0 && <span>{i.services.map((s) => s.name).join(', ')}</span>}
          {i.drill && <DrillBadge />}
        </div>
      </div>
    </a>
  );
});

function PagedFact({ line }: { line: PagedLine }) {
  const Icon = PAGED_ICON[line.tone];
  return (
    <span className={`${classes.fact} ${classes.names} ${line.tone === 'unreachable' || line.tone === 'nobody' ? classes.danger : ''}`} data-testid="incident-paged" data-tone={line.tone} title="Paging: the incident page says who, when, how and whether it arrived">
      <Icon size={14} aria-hidden style={{ flexShrink: 0 }} />
      <span>{line.text}</span>
    </span>
  );
}
