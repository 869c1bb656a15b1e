import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellRinging, IconCircleCheck, IconAlertTriangle } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type Readiness, type TestPageAnswer, useMyReadiness, useTestPage } from './contactsApi';

const URGENCY_NAME = { high: 'High urgency', low: 'Low urgency' } as const;

function UrgencyLine({ urgency, r }: { urgency: 'high' | 'low'; r: Readiness['high'] }) {
  return (
    <Alert
      color={r.reachable ? 'green' : 'red'}
      variant="light"
      icon={r.reachable ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
      title={r.reachable ? `${URGENCY_NAME[urgency]}: pages reach you${r.first_minutes ? ` after ${r.first_minutes} min` : ' at once'}` : `${URGENCY_NAME[urgency]}: pages cannot reach you`}
      data-testid={`readiness-${urgency}`}
      data-reachable={r.reachable}
    >
      {r.problems.length > 0 && (
        <List size="sm" spacing={2}>
          {r.problems.map((p) => (
            <List.Item key={`${p.code}:${p.contact_method_id ?? ''}`}>{p.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** What the button's press did: a method the server cannot send on is said, not counted as sent. */
function testPageNotice(a: TestPageAnswer) {
  const sent = `Test page sent to ${a.messages.length} ${a.messages.length === 1 ? 'method' : 'methods'}: check each one arrives.`;
  if (a.not_sent.length === 0) return { color: 'green', message: sent };
  return { color: 'yellow', autoClose: false, message: `${sent} Not sent: ${a.not_sent.map((n) => n.reason).join('; ')}.` } as const;
}

/** Whether pages reach you for each urgency, and the "send me a test page" button. */
export function ReadinessSummary({ verifiedCount }: { verifiedCount: number }) {
  const readiness = useMyReadiness();
  const test = useTestPage();
  const send = () =>
    test.mutate(
      {},
      { onSuccess: (a) => notifications.show(testPageNotice(a)) },
    );
  return (
    <Stack gap="xs">
      <ErrorAlert error={readiness.error} title="Could not check your readiness" />
      {readiness.data && (
        <>
          <UrgencyLine urgency="high" r={readiness.data.high} />
          <UrgencyLine urgency="low" r={readiness.data.low} />
        </>
      )}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed">
          {verifiedCount ? 'A test page goes to every verified method, through the same path a real page takes.' : 'Verify a method to send yourself a test page.'}
        </Text>
        <Button leftSection={<IconBellRinging size={16} />} variant="light" onClick={send} loading={test.isPending} disabled={verifiedCount === 0} data-testid="test-page">
          Send me a test page
        </Button>
      </Group>
      <ErrorAlert error={test.error} title="Test page not sent" />
    </Stack>
  );
}
