import { Alert, Anchor, Button, Center, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { browserTimeZone } from '../../ui/timeZones';
import { useNow } from '../../ui/useNow';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';
import { When } from '../../ui/When';
import { useMe } from '../session/api';
import { canManageCatalog, roleAtLeast } from '../session/permissions';
import { useUserDirectory } from '../users/api';
import { useFeedLink, usePlan, useSchedule } from './api';
import { CoverPanel } from './CoverPanel';
import { FeedLink } from './FeedLink';
import { OverridePanel } from './OverridePanel';
import { PayPanel } from './PayPanel';
import { rangeOf, type Span, step } from './timeline';
import { Timeline } from './Timeline';

const fmtRange = (from: number, to: number, zone: string) => {
  const f = new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium' });
  return `${f.format(from)} – ${f.format(to - 1)}`;
};

/** One schedule: who is on call, its timeline over a day, week or month, overrides and cover. */
export function ScheduleDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const now = useNow();
  const schedule = useSchedule(id);
  const users = useUserDirectory();
  const viewerZone = useViewerTimeZone() ?? browserTimeZone();
  const [which, setWhich] = useState<'schedule' | 'mine'>('schedule');
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState<number | null>(null);
  const [picked, setPicked] = useState<{ start: number; end: number } | null>(null);
  const feed = useFeedLink(id);
  const s = schedule.data;
  useDocumentTitle(`${s?.name ?? 'Schedule'} · Tocsin`);
  const zone = which === 'schedule' && s ? s.time_zone : viewerZone;
  const range = rangeOf(span, anchor ?? now, zone);
  const plan = usePlan(id, range.from, range.to);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const canAct = !!me && roleAtLeast(me.role, 'responder');

  if (schedule.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading schedule" />
      </Center>
    );
  }
  if (!s) return <ErrorAlert error={schedule.error} title="Could not load the schedule" />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/schedules" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All schedules
        </Group>
      </Anchor>
      <Stack gap={2}>
        <Title order={1} size="h2">
          {s.name}
        </Title>
        <Text size="sm" data-testid="on-call-now">
          {s.on_call_now ? (
            <>
              On call now: <b>{s.on_call_now.user_name ?? s.on_call_now.user_id}</b> until <When iso={s.on_call_now.end} now={now} />
            </>
          ) : (
            'Nobody is on call now.'
          )}
        </Text>
      </Stack>
      {s.warnings.map((w) => (
        <Alert key={`${w.kind}-${w.user_id}-${w.start}`} color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {w.message}
        </Alert>
      ))}
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs" wrap="wrap">
              <Button variant="default" size="compact-md" aria-label="Earlier" onClick={() => setAnchor(step(span, range, -1, zone).from)}>
                <IconChevronLeft size={18} />
              </Button>
              <Button variant="default" size="compact-md" onClick={() => setAnchor(null)}>
                Today
              </Button>
              <Button variant="default" size="compact-md" aria-label="Later" onClick={() => setAnchor(step(span, range, 1, zone).from)}>
                <IconChevronRight size={18} />
              </Button>
              <Text size="sm">{fmtRange(range.from, range.to, zone)}</Text>
            </Group>
            <Group gap="xs" wrap="wrap">
              <SegmentedControl aria-label="Range" size="xs" value={span} onChange={(v) => setSpan(v as Span)} data={[{ value: 'day', label: 'Day' }, { value: 'week', label: 'Week' }, { value: 'month', label: 'Month' }]} />
              <SegmentedControl
                aria-label="Times shown in"
                size="xs"
                value={which}
                onChange={(v) => setWhich(v as 'schedule' | 'mine')}
                data={[
                  { value: 'schedule', label: `Schedule (${s.time_zone})` },
                  { value: 'mine', label: `Mine (${viewerZone})` },
                ]}
              />
            </Group>
          </Group>
          <ErrorAlert error={plan.error} title="Could not load the shifts" />
          {plan.data ? <Timeline plan={plan.data} range={range} zone={zone} now={now} onSelect={canAct ? setPicked : undefined} /> : <Loader aria-label="Loading shifts" />}
        </Stack>
      </Paper>
      <OverridePanel scheduleId={s.id} plan={plan.data} zone={zone} from={range.from} picked={picked} canAct={canAct} />
      {me && <CoverPanel schedule={s} zone={zone} meId={me.id} canAct={canAct} names={names} />}
      {me && canManageCatalog(me.role) && <PayPanel scheduleId={s.id} />}
      {me && canManageCatalog(me.role) && <FeedLink link={feed} label={s.has_feed ? 'New calendar link' : 'Calendar link'} />}
    </Stack>
  );
}
