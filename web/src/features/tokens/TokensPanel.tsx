import { Badge, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey } from '@tabler/icons-react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatWhen as formatAt } from '../../ui/time';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';
import { useNow } from '../../ui/useNow';
import { type ApiToken, useRevokeToken, useTokens } from './api';
import { NewTokenModal } from './NewTokenModal';
import { TOKEN_STATE_COLOR, tokenState } from './tokenState';

/** Your API tokens for scripts and the CLI: create (secret shown once), see use, revoke. */
export function TokensPanel() {
  const tokens = useTokens();
  const [creating, createModal] = useDisclosure(false);
  const now = useNow();
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            API tokens
          </Title>
          <Button size="compact-md" leftSection={<IconKey size={16} />} onClick={createModal.open}>
            New token
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          For scripts and the <code>tocsin</code> command: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you.
        </Text>
        <ErrorAlert error={tokens.error} title="Could not load your tokens" />
        {tokens.isPending ? (
          <Center py="md">
            <Loader size="sm" />
          </Center>
        ) : tokens.data?.length ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="API tokens">
            {tokens.data.map((t) => (
              <li key={t.id}>
                <TokenRow token={t} now={now} />
              </li>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No tokens yet.
          </Text>
        )}
      </Stack>
      <NewTokenModal opened={creating} onClose={createModal.close} />
    </Paper>
  );
}

function TokenRow({ token: t, now }: { token: ApiToken; now: number }) {
  const timeZone = useViewerTimeZone();
  const formatWhen = (iso: string, at: number) => formatAt(iso, at, { timeZone });
  const revoke = useRevokeToken();
  const state = tokenState(t, now);
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="token-row" data-state={state}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {t.name}
            </Text>
            <Badge size="xs" variant="light" color={TOKEN_STATE_COLOR[state]} data-testid="token-state">
              {state}
            </Badge>
          </Group>
          <Text size="xs" ff="monospace" c="dimmed">
            {t.prefix}…
          </Text>
          <Text size="xs" c="dimmed">
            Created {formatWhen(t.created_at, now)} · last used {t.last_used_at ? formatWhen(t.last_used_at, now) : 'never'} ·{' '}
            {t.revoked_at ? `revoked ${formatWhen(t.revoked_at, now)}` : t.expires_at ? `expires ${formatWhen(t.expires_at, now)}` : 'never expires'}
          </Text>
        </Stack>
        {state !== 'revoked' && (
          <ConfirmButton
            size="xs"
            label="Revoke"
            aria-label={`Revoke ${t.name}`}
            title={`Revoke “${t.name}”?`}
            message="Scripts using this token stop working at once. This cannot be undone."
            action={() => revoke.mutateAsync(t.id)}
          />
        )}
      </Group>
    </Paper>
  );
}
