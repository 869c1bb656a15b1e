import { Button, Center, Group, Loader, Text, ThemeIcon, Timeline } from '@mantine/core';
import {
  IconAdjustmentsAlt,
  IconAlertTriangle,
  IconArchive,
  IconBellOff,
  IconBellCheck,
  IconBellRinging,
  IconCheck,
  IconCircleDot,
  IconFirstAidKit,
  IconFlame,
  IconHandStop,
  IconMessage,
  IconPencil,
  IconPhoneCall,
  IconRotate,
  IconUserMinus,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { useTimeline } from './api';
import { foldRuns, runSentence } from './timelineFolds';
import { timelineSentence } from './timelineSentence';
import type { TimelineEvent } from './types';

const KIND: Record<string, { icon: ReactNode; color: string }> = {
  declared: { icon: <IconFlame size={14} />, color: 'red' },
  acknowledged: { icon: <IconHandStop size={14} />, color: 'orange' },
  mitigated: { icon: <IconFirstAidKit size={14} />, color: 'blue' },
  resolved: { icon: <IconCheck size={14} />, color: 'green' },
  closed: { icon: <IconArchive size={14} />, color: 'gray' },
  reopened: { icon: <IconRotate size={14} />, color: 'red' },
  severity_changed: { icon: <IconAdjustmentsAlt size={14} />, color: 'yellow' },
  role_assigned: { icon: <IconUserPlus size={14} />, color: 'teal' },
  role_released: { icon: <IconUserMinus size={14} />, color: 'gray' },
  updated: { icon: <IconPencil size={14} />, color: 'gray' },
  note: { icon: <IconMessage size={14} />, color: 'indigo' },
  alert_opened: { icon: <IconBellRinging size={14} />, color: 'red' },
  alert_resolved: { icon: <IconBellCheck size={14} />, color: 'green' },
  alert_revised: { icon: <IconPencil size={14} />, color: 'orange' },
  paged: { icon: <IconPhoneCall size={14} />, color: 'violet' },
  escalation_gap: { icon: <IconAlertTriangle size={14} />, color: 'red' },
  page_failed: { icon: <IconAlertTriangle size={14} />, color: 'red' },
  not_paged: { icon: <IconBellOff size={14} />, color: 'gray' },
  paging_deferred: { icon: <IconBellOff size={14} />, color: 'yellow' },
  escalation_snoozed: { icon: <IconBellOff size={14} />, color: 'yellow' },
};
const OTHER = { icon: <IconCircleDot size={14} />, color: 'gray' };

function Bullet({ e }: { e: TimelineEvent }) {
  const k = KIND[e.kind] ?? OTHER;
  return (
    <ThemeIcon size={24} radius="xl" color={k.color} variant="light">
      {k.icon}
    </ThemeIcon>
  );
}

/**
 * Everything that happened, oldest first, each as one sentence with its time (the date too when
 * not today); a run of alerts joining or resolving is one line until the reader opens it.
 */
export function IncidentTimeline({ incidentId }: { incidentId: string }) {
  const timeline = useTimeline(incidentId);
  const now = useNow();
  // Folded runs the reader opened, by their first event's id.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  if (timeline.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  }
  if (timeline.error) return <ErrorAlert error={timeline.error} title="Could not load the timeline" />;
  const items = timeline.data ?? [];
  if (!items.length) return <Text c="dimmed">Nothing recorded yet.</Text>;
  return (
    <Timeline bulletSize={24} lineWidth={2} data-testid="timeline" aria-label="Timeline">
      {foldRuns(items).flatMap((line) => {
        if ('one' in line) return [<Line key={line.one.id} e={line.one} now={now} />];
        const [first, last] = [line.run[0]!, line.run.at(-1)!];
        if (opened.has(first.id)) return line.run.map((e) => <Line key={e.id} e={e} now={now} />);
        return [
          <Timeline.Item key={first.id} bullet={<Bullet e={first} />} data-testid="timeline-run" data-kind={first.kind}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="timeline-sentence">
              {runSentence(line.run)}
            </Text>
            <Group gap="xs" mt={2}>
              <Text size="xs" c="dimmed">
                <When iso={first.at} now={now} />
                {last.at !== first.at && (
                  <>
                    {' to '}
                    <When iso={last.at} now={now} />
                  </>
                )}
              </Text>
              <Button variant="subtle" size="compact-xs" onClick={() => setOpened((o) => new Set(o).add(first.id))}>
                Show all {line.run.length.toLocaleString('en')}
              </Button>
            </Group>
          </Timeline.Item>,
        ];
      })}
    </Timeline>
  );
}

/** One event: its sentence and when. `rest`: what Timeline gives each of its items (alignment, active), passed on. */
function Line({ e, now, ...rest }: { e: TimelineEvent; now: number } & Record<string, unknown>) {
  return (
    <Timeline.Item {...rest} bullet={<Bullet e={e} />} data-testid="timeline-event" data-kind={e.kind}>
      <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="timeline-sentence">
        {timelineSentence(e)}
      </Text>
      <Text size="xs" c="dimmed" mt={2}>
        <When iso={e.at} now={now} />
      </Text>
    </Timeline.Item>
  );
}
