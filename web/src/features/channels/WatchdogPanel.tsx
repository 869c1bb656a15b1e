import { Alert, Badge, Button, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconHeartbeat } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Panel } from '../../ui/Panel';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { type WatchdogCheck, useCheckWatchdog, useWatchdog } from './api';

function pingText(c: WatchdogCheck, configured: boolean): string {
  const p = c.ping;
  if (!p) return configured ? 'Nothing sent: the service alarms when the pings stop.' : 'Nothing sent: no heartbeat service is set up.';
  if (!p.ok) return `${p.to} did not take the ${c.healthy ? 'ping' : 'report'}: ${p.error ?? 'no answer'}.`;
  return c.healthy ? `Pinged ${p.to} (HTTP ${p.status}).` : `Told ${p.to} why (HTTP ${p.status}).`;
}

/** A check's outcome: healthy, or each reason Tocsin could not page. */
function CheckOutcome({ c, now, title, configured }: { c: WatchdogCheck; now: number; title: string; configured: boolean }) {
  return (
    <div role="status" aria-label={title}>
      <Text size="sm">
        <Text span fw={600}>
          {title}:{' '}
        </Text>
        <When iso={c.at} now={now} /> · {c.healthy ? 'Tocsin could page.' : 'Tocsin could not page reliably.'}{' '}
        <Text span c={c.ping && !c.ping.ok ? 'red' : undefined} inherit>
          {pingText(c, configured)}
        </Text>
      </Text>
      {c.reasons.length > 0 && (
        <List size="sm" c="red">
          {c.reasons.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

/**
 * The dead man's switch: whether a heartbeat service outside hears that this Tocsin can page.
 * Paging cannot report its own death; only something elsewhere noticing the silence can.
 */
export function WatchdogPanel() {
  const now = useNow(15_000);
  const state = useWatchdog();
  const check = useCheckWatchdog();
  const s = state.data;
  const badge = !s ? null : !s.configured ? (
    <Badge color="red" variant="light">
      Not set up
    </Badge>
  ) : s.last_check && !s.last_check.healthy ? (
    <Badge color="red" variant="light">
      Unhealthy
    </Badge>
  ) : s.last_check?.ping && !s.last_check.ping.ok ? (
    <Badge color="red" variant="light">
      Ping failing
    </Badge>
  ) : (
    <Badge color="green" variant="light">
      Pinging
    </Badge>
  );
  return (
    <Panel
      id="watchdog"
      title={
        <Group gap="sm">
          <span>Watchdog</span>
          {badge}
        </Group>
      }
    >
      <ErrorAlert error={state.error} title="Could not load the watchdog" />
      {s && (
        <>
          <Text size="sm">
            {s.configured ? (
              <>
                Pings {s.ping_to} every {s.interval_seconds} s while Tocsin can page{s.fail_to ? `; tells ${s.fail_to} why when it cannot` : ''}. Last delivered: <When iso={s.last_delivered_at} now={now} />.
              </>
            ) : (
              'No heartbeat service hears from this server: if it stops, nobody is told.'
            )}
          </Text>
          {s.last_check && <CheckOutcome c={s.last_check} now={now} title="Last check" configured={s.configured} />}
          <Group>
            <Button variant="light" leftSection={<IconHeartbeat size={16} />} loading={check.isPending} onClick={() => check.mutate()}>
              Check now
            </Button>
          </Group>
          <ErrorAlert error={check.error} title="Could not check" />
          {s.notes.map((n) => (
            <Alert key={n} color={s.configured ? 'yellow' : 'red'} variant="light" icon={<IconAlertTriangle size={18} />} p="xs">
              <Text size="sm">{n}</Text>
            </Alert>
          ))}
        </>
      )}
    </Panel>
  );
}
