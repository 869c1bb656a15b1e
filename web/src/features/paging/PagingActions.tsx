import { Button, Group, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBellOff, IconBellRinging, IconChevronDown, IconClockPause, IconStairsUp } from '@tabler/icons-react';
import { errorMessage } from '../../app/api';
import { isOpen } from '../incidents/lifecycle';
import type { Incident } from '../incidents/types';
import { type Escalation, useAcknowledgePages, useEscalateNow, useSnooze } from './api';
import { PageSomeoneModal } from './PageSomeoneModal';
import { pagingDespiteAck, SNOOZE_MINUTES } from './presentation';

const failed = (title: string) => (err: unknown) => notifications.show({ color: 'red', title, message: errorMessage(err) });

/** A responder's paging controls; each appears only when the server would accept it. */
export function PagingActions({ incident, escalations }: { incident: Incident; escalations: Escalation[] }) {
  const [paging, modal] = useDisclosure(false);
  const escalate = useEscalateNow(incident.id);
  const snooze = useSnooze(incident.id);
  const ack = useAcknowledgePages(incident.id);
  if (!isOpen(incident.status)) return null;
  const live = escalations.some((e) => e.state !== 'done');

  return (
    <Group gap="xs" wrap="wrap" data-testid="paging-actions">
      {pagingDespiteAck(incident.status, escalations) && (
        <Button color="red" leftSection={<IconBellOff size={18} />} loading={ack.isPending} onClick={() => ack.mutate(undefined, { onError: failed('Pages not acknowledged') })}>
          Acknowledge pages
        </Button>
      )}
      <Button variant="light" leftSection={<IconBellRinging size={18} />} onClick={modal.open}>
        Page someone else
      </Button>
      {live && (
        <Button
          variant="light"
          color="orange"
          leftSection={<IconStairsUp size={18} />}
          loading={escalate.isPending}
          onClick={() =>
            escalate.mutate(undefined, {
              onSuccess: () => notifications.show({ color: 'orange', title: 'Escalated', message: 'The next tier is being paged now' }),
              onError: failed('Not escalated'),
            })
          }
        >
          Escalate now
        </Button>
      )}
      {live && incident.status === 'acknowledged' && (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button variant="default" leftSection={<IconClockPause size={18} />} rightSection={<IconChevronDown size={14} />} loading={snooze.isPending}>
              Snooze
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Page again after</Menu.Label>
            {SNOOZE_MINUTES.map((m) => (
              <Menu.Item
                key={m}
                onClick={() =>
                  snooze.mutate(m, {
                    onSuccess: ({ until }) => notifications.show({ title: `Snoozed ${m} minutes`, message: `Paging resumes at ${new Date(until).toLocaleTimeString()} unless it is mitigated or resolved` }),
                    onError: failed('Not snoozed'),
                  })
                }
              >
                {m === 60 ? '1 hour' : `${m} minutes`}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      <PageSomeoneModal incidentId={incident.id} services={incident.services} opened={paging} onClose={modal.close} />
    </Group>
  );
}
