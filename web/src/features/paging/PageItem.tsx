import { Alert, Anchor, Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconUserOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { When } from '../../ui/When';
import type { Notification, Page } from './api';
import { channelLabel, DELIVERY_LOOK, pageReason, unreachable } from './presentation';

/** One notification: channel, when it is due, and how its delivery went (a failure shows its error). */
function NotificationRow({ n, now }: { n: Notification; now: number }) {
  const look = DELIVERY_LOOK[n.delivery];
  const failed = n.delivery === 'failed';
  const doneAt = n.delivered_at ?? n.sent_at ?? n.failed_at;
  return (
    <List.Item data-testid="notification" data-delivery={n.delivery}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {channelLabel(n.channel)}
        </Text>
        <Badge color={look.color} variant={failed ? 'filled' : 'light'} size="sm" title={look.hint} leftSection={failed ? <IconAlertTriangle size={12} /> : undefined}>
          {look.label}
        </Badge>
        <Text size="xs" c="dimmed">
          due <When iso={n.due_at} now={now} />
          {doneAt && (
            <>
              {' '}
              · {look.label.toLowerCase()} <When iso={doneAt} now={now} />
            </>
          )}
          {n.attempts > 1 && ` · ${n.attempts} attempts`}
        </Text>
      </Group>
      {failed && (
        <Text size="sm" c="red" fw={600} role="status" style={{ overflowWrap: 'anywhere' }}>
          {n.error ?? 'The provider refused it (no reason given)'}
        </Text>
      )}
    </List.Item>
  );
}

/**
 * One page: who, why (tier or by hand), when, whether answered, and every notification it sent.
 * `mine`: the reader is the person paged; `canPage`: the reader may page someone else (not a viewer).
 */
export function PageItem({ page, now, heading, mine = false, canPage = true }: { page: Page; now: number; heading?: ReactNode; mine?: boolean; canPage?: boolean }) {
  const failed = page.notifications.some((n) => n.delivery === 'failed');
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="page" data-user={page.user.name} style={failed ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}>
      <Stack gap={6}>
        {heading}
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{page.user.name}</Text>
            <Badge variant="light" color={page.urgency === 'high' ? 'red' : 'gray'} size="sm">
              {page.urgency} urgency
            </Badge>
            <Text size="sm" c="dimmed">
              {pageReason(page)} · <When iso={page.created_at} now={now} />
            </Text>
          </Group>
          {page.acknowledged_at ? (
            <Badge color="teal" variant="light" data-testid="page-answered">
              Answered <When iso={page.acknowledged_at} now={now} />
            </Badge>
          ) : (
            <Badge color="orange" variant="light" data-testid="page-open">
              Not answered
            </Badge>
          )}
        </Group>
        {page.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            “{page.note}”
          </Text>
        )}
        {unreachable(page) ? (
          <Alert color="orange" variant="light" icon={<IconUserOff size={16} />} p="xs" data-testid="page-unreachable">
            {mine ? (
              <>
                Unreachable: you have no verified contact method for {page.urgency} urgency, so this page reached nobody.{' '}
                <Anchor component={Link} to="/profile" size="sm" underline="always">
                  Add one on your profile
                </Anchor>
                .
              </>
            ) : (
              <>
                Unreachable: {page.user.name} has no verified contact method for {page.urgency} urgency. {canPage ? 'Call them, or page someone else.' : 'Call them.'}
              </>
            )}
          </Alert>
        ) : (
          <List spacing={4} size="sm" listStyleType="none" aria-label={`Notifications to ${page.user.name}`}>
            {page.notifications.map((n) => (
              <NotificationRow key={`${n.contact_method_id}:${n.due_at}:${n.channel}`} n={n} now={now} />
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
