import { ActionIcon, Alert, Badge, Center, Code, CopyButton, Group, List, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Panel } from '../../ui/Panel';
import { type ChannelSetup, useChannelsSetup } from './api';
import { ProviderTestForm } from './ProviderTestForm';
import { WatchdogPanel } from './WatchdogPanel';

const NAMES: Record<string, string> = { email: 'Email', sms: 'SMS', voice: 'Voice calls', push: 'Push', chat: 'Chat' };

/** A URL to paste into a provider's dashboard, with a copy button. */
function CallbackUrl({ url, provider }: { url: string; provider: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code style={{ wordBreak: 'break-all' }}>{url}</Code>
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
            <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={`Copy the ${provider} URL`}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function ChannelPanel({ c }: { c: ChannelSetup }) {
  const id = `channel-${c.channel}`;
  const title = (
    <Group gap="sm">
      <span>{NAMES[c.channel] ?? c.channel}</span>
      <Badge color={c.configured ? 'green' : 'red'} variant="light">
        {c.configured ? 'Configured' : 'Not configured'}
      </Badge>
    </Group>
  );
  return (
    <Panel id={id} title={title}>
      {c.providers.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            {c.providers.length > 1 ? 'Providers, in the order a page tries them' : 'Provider'}
          </Text>
          <List type={c.providers.length > 1 ? 'ordered' : 'unordered'} size="sm">
            {c.providers.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </div>
      )}
      {c.routes.length > 0 && (
        <Text size="sm">
          <Text span fw={600}>
            Routes:{' '}
          </Text>
          {c.routes.join(', ')}
        </Text>
      )}
      {c.callbacks.map((cb) => (
        <div key={cb.url}>
          <Text size="sm">
            <Text span fw={600}>
              {cb.provider}:{' '}
            </Text>
            {cb.purpose}
          </Text>
          <CallbackUrl url={cb.url} provider={cb.provider} />
        </div>
      ))}
      {(c.channel === 'email' || c.channel === 'sms' || c.channel === 'voice') && c.testable.length > 0 && <ProviderTestForm channel={c.channel} providers={c.testable} />}
      {c.notes.map((n) => (
        <Alert key={n} color={c.configured ? 'yellow' : 'red'} variant="light" icon={<IconAlertTriangle size={18} />} p="xs">
          <Text size="sm">{n}</Text>
        </Alert>
      ))}
    </Panel>
  );
}

/** How pages go out from this server, for the admins who set it up (settings come from TOCSIN_* variables). */
export function ChannelsPage() {
  useDocumentTitle('Channels · Tocsin');
  const setup = useChannelsSetup();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Notification channels
        </Title>
        <Text c="dimmed" size="sm">
          How pages leave this server. Each channel is set up with TOCSIN_* variables at start (docs/notify-*.md); this page shows what they came to.
        </Text>
      </div>
      <ErrorAlert error={setup.error} title="Could not load the channels" />
      {setup.isPending && (
        <Center p="xl">
          <Loader aria-label="Loading the channels" />
        </Center>
      )}
      {setup.data && (
        <>
          {!setup.data.public_url_set && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="No public URL">
              TOCSIN_PUBLIC_URL is not set, so links in pages and the URLs providers call say {setup.data.public_url}. Set it to the address people and providers reach Tocsin at.
            </Alert>
          )}
          {setup.data.items.map((c) => (
            <ChannelPanel key={c.channel} c={c} />
          ))}
          <WatchdogPanel />
        </>
      )}
    </Stack>
  );
}
