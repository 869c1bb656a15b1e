import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBellRinging } from '@tabler/icons-react';
import { useQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { browserFacts, enablePush, hasSubscription, pushSupport, type PushSupport } from './pushDevice';

const WHY_NOT: Record<Exclude<PushSupport, 'ready'>, string> = {
  insecure: 'Push needs Tocsin to be served over HTTPS.',
  'ios-install': 'On iPhone and iPad, pages arrive by push only in the installed app: tap Share, then “Add to Home Screen”, open Tocsin from there and come back here.',
  unsupported: 'This browser cannot receive push notifications.',
  denied: 'Notifications are blocked for Tocsin in this browser. Allow them in the site settings, then reload.',
};

/** "Enable push on this device": subscribes this browser and adds it as a push contact method. */
export function PushDevice() {
  const [support] = useState(() => pushSupport(browserFacts()));
  const qc = useQueryClient();
  const subscribed = useQuery({ queryKey: ['push-subscription'], queryFn: hasSubscription, enabled: support === 'ready' });
  const enable = useMutation({
    mutationFn: enablePush,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['push-subscription'] });
      // Helper CONTACTS' list of contact methods shows the new one.
      void qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).includes('contact-methods') });
    },
  });
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Push on this device
        </Title>
        <Text size="sm" c="dimmed">
          Pages arrive as notifications with Acknowledge and Resolve buttons, even when Tocsin is closed.
        </Text>
        {support !== 'ready' ? (
          <Alert color="yellow">{WHY_NOT[support]}</Alert>
        ) : (
          <>
            {enable.isSuccess && <Alert color="green">Push is on for this browser. It is listed with your contact methods; verify it there to be paged on it.</Alert>}
            {subscribed.data && !enable.isSuccess && <Text size="sm">This browser is subscribed. Enable again if pages stopped arriving.</Text>}
            <ErrorAlert error={enable.error} title="Could not enable push" />
            <Button leftSection={<IconBellRinging size={16} />} loading={enable.isPending} onClick={() => enable.mutate()} style={{ alignSelf: 'flex-start' }}>
              Enable push on this device
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
