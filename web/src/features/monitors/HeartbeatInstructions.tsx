import { ActionIcon, Code, CopyButton, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { opsgeniePing } from './presentation';

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : label}>
            <ActionIcon variant="default" size="lg" onClick={copy} aria-label={label}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * Where the job pings, in full, and how to call it from a script or cron; for a heartbeat with a
 * service (`name`, `onService`), the Opsgenie path that jobs and Alertmanager's Watchdog already use.
 */
export function HeartbeatInstructions({ path, name, onService }: { path: string; name: string; onService: boolean }) {
  const url = new URL(path, window.location.origin).toString();
  const curl = (suffix = '') => `curl -fsS -m 10 --retry 5 ${url}${suffix}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="heartbeat-url">
      <Stack gap="sm">
        <Title order={2} size="h4" id="heartbeat-url">
          Ping URL
        </Title>
        <Text size="sm">Have the job request this address each time it succeeds; no ping in time means down.</Text>
        <Copyable value={url} label="Copy ping URL" />
        <Text size="sm" fw={600}>
          Examples
        </Text>
        <Text size="sm" c="dimmed">
          At the end of the job (cron: <Code>job && curl …</Code>):
        </Text>
        <Copyable value={curl()} label="Copy the success command" />
        <Text size="sm" c="dimmed">
          When it starts (to measure how long it runs), and when it fails:
        </Text>
        <Copyable value={`${curl('/start')}\n${curl('/fail')}`} label="Copy the start and fail commands" />
        <Text size="sm" c="dimmed">
          Or report its exit code (0 is success, anything else a failure):
        </Text>
        <Copyable value={`job; ${curl('/$?')}`} label="Copy the exit-code command" />
        {onService && (
          <>
            <Text size="sm" c="dimmed">
              Jobs that pinged an Opsgenie heartbeat of this name ping here unchanged, with an Opsgenie integration key of this monitor’s service:
            </Text>
            <Copyable value={opsgeniePing(window.location.origin, name)} label="Copy the Opsgenie-style command" />
          </>
        )}
      </Stack>
    </Paper>
  );
}
