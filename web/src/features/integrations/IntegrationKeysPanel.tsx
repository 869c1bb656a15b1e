import { Badge, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlugConnected } from '@tabler/icons-react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AlertSettingsSection } from './AlertSettingsForm';
import { type IntegrationKey, useIntegrationKeys, useRevokeKey } from './api';
import { KEY_TYPES } from './keySetup';
import { NewKeyModal } from './NewKeyModal';

const typeLabel = (t: string) => KEY_TYPES.find((k) => k.value === t)?.label ?? t;

/** The service's integration keys: what sends it alerts. Admins make (key shown once) and revoke them. */
export function IntegrationKeysPanel({ serviceId, admin }: { serviceId: string; admin: boolean }) {
  const keys = useIntegrationKeys(serviceId);
  const [creating, createModal] = useDisclosure(false);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="integration-keys">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="integration-keys">
            Alert sources
          </Title>
          {admin && (
            <Button size="compact-md" leftSection={<IconPlugConnected size={16} />} onClick={createModal.open}>
              New integration key
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Alertmanager, PagerDuty and Opsgenie clients, or any JSON webhook, send alerts here with a key: switching is a URL change.
        </Text>
        <ErrorAlert error={keys.error} title="Could not load the integration keys" />
        {keys.isPending ? (
          <Center py="md">
            <Loader size="sm" aria-label="Loading integration keys" />
          </Center>
        ) : keys.data?.length ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Integration keys">
            {keys.data.map((k) => (
              <li key={k.id}>
                <KeyRow serviceId={serviceId} k={k} admin={admin} />
              </li>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No integration keys yet.
          </Text>
        )}
        <AlertSettingsSection serviceId={serviceId} admin={admin} />
      </Stack>
      {admin && <NewKeyModal serviceId={serviceId} opened={creating} onClose={createModal.close} />}
    </Paper>
  );
}

function KeyRow({ serviceId, k, admin }: { serviceId: string; k: IntegrationKey; admin: boolean }) {
  const revoke = useRevokeKey(serviceId);
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="integration-key-row">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {k.name}
            </Text>
            {k.revoked_at && (
              <Badge size="xs" variant="light" color="gray">
                revoked
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {typeLabel(k.type)} · <span style={{ fontFamily: 'monospace' }}>{k.key_prefix}…</span>
            {k.default_severity ? ` · default ${k.default_severity}` : ''}
          </Text>
        </Stack>
        {admin && !k.revoked_at && (
          <ConfirmButton
            size="xs"
            label="Revoke"
            aria-label={`Revoke ${k.name}`}
            title={`Revoke “${k.name}”?`}
            message="Alerts sent with this key are refused at once. This cannot be undone."
            action={() => revoke.mutateAsync(k.id)}
          />
        )}
      </Group>
    </Paper>
  );
}
