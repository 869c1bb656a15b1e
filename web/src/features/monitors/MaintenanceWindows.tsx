import { ActionIcon, Badge, Button, Group, Modal, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { When } from '../../ui/When';
import { describeRecurrence } from './maintenance';
import { useDeleteMaintenance, useMaintenanceWindows } from './maintenanceApi';
import { MaintenanceForm } from './MaintenanceForm';
import type { MaintenanceWindow } from './types';

function WindowRow({ w, now, onDelete }: { w: MaintenanceWindow; now: number; onDelete?: () => void }) {
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="maintenance-window">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {w.title}
            </Text>
            {w.service_id && !w.monitor_id && (
              <Badge color="gray" size="sm" variant="light" tt="none">
                Whole service
              </Badge>
            )}
            {w.active && (
              <Badge color="blue" size="sm" variant="filled">
                Active now
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {w.rrule ? (
              describeRecurrence(w.rrule, w.starts_at, w.time_zone, w.duration_ms)
            ) : (
              <>
                <When iso={w.starts_at} now={now} /> to <When iso={w.ends_at} now={now} />
              </>
            )}
          </Text>
          {w.rrule && w.next.length > 0 && (
            <Text size="xs" c="dimmed">
              Next: {w.next.slice(0, 3).map((n, i) => (
                <span key={n.start}>
                  {i > 0 && '; '}
                  <When iso={n.start} now={now} />
                </span>
              ))}
            </Text>
          )}
        </Stack>
        {onDelete && (
          <Tooltip label="Delete window">
            <ActionIcon variant="subtle" color="red" aria-label={`Delete maintenance window ${w.title}`} onClick={onDelete}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Paper>
  );
}

/** When checks of this monitor do not alert: planned work, one-off or weekly. */
export function MaintenanceWindows({ monitorId, now, canEdit }: { monitorId: string; now: number; canEdit: boolean }) {
  const windows = useMaintenanceWindows(monitorId);
  const remove = useDeleteMaintenance(monitorId);
  const [adding, add] = useDisclosure(false);
  const list = windows.data ?? [];
  const unsupported = windows.data === null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="maintenance">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="maintenance">
            Maintenance windows
          </Title>
          {canEdit && !unsupported && (
            <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={add.open}>
              Add window
            </Button>
          )}
        </Group>
        <ErrorAlert error={windows.error ?? remove.error} />
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {unsupported ? 'This server does not offer maintenance windows yet.' : 'None planned: every failure alerts.'}
          </Text>
        ) : (
          list.map((w) => <WindowRow key={w.id} w={w} now={now} onDelete={canEdit ? () => remove.mutate(w.id) : undefined} />)
        )}
      </Stack>
      <Modal opened={adding} onClose={add.close} title="New maintenance window" centered size="lg">
        {adding && <MaintenanceForm monitorId={monitorId} onDone={add.close} />}
      </Modal>
    </Paper>
  );
}
