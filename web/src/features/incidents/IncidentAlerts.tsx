import { Anchor, Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, type ApiResponse } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Panel } from '../../ui/Panel';
import { formatWhen } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';
import { detailGroupsOf, eventsText, inAttentionOrder, isHttp, linksOf, senderOf, type IncidentAlert } from './alertFacts';
import { incidentsKey } from './api';

/**
 * The alerts behind the incident: which still fire, where each came from, how many events it
 * absorbed, its links (a dashboard, Alertmanager's source) and what the sender said. None for an
 * incident declared by hand. Repeats change no incident (no live event), so while an alert still
 * fires its count refreshes on its own every 10 s; a new alert or a resolved one is an incident
 * event, which refreshes this at once (incidentsKey). The summary counts all of them (the API's
 * totals), however many pages are read.
 */
export function IncidentAlerts({ incidentId }: { incidentId: string }) {
  const alerts = useInfiniteQuery({
    queryKey: [...incidentsKey, 'alerts', incidentId],
    queryFn: ({ pageParam }) => get<AlertPage>(`/alerts?incident_id=${encodeURIComponent(incidentId)}&limit=${ALERTS_PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (q) => ((q.state.data?.pages[0]?.totals?.open ?? 0) > 0 ? 10_000 : false),
  });
  const [showAll, setShowAll] = useState(false);
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  if (alerts.data && items.length === 0) return null;
  const totals = alerts.data?.pages[0]?.totals ?? { alerts: items.length, open: 0, events: 0 };
  // A storm grouped into one incident can bring thousands: the first few, firing ones first, and the rest on asking.
  const ordered = inAttentionOrder(items);
  const shown = showAll ? ordered : ordered.slice(0, ALERTS_SHOWN);
  const notRead = totals.alerts - items.length;
  return (
    <Panel id="incident-alerts" title="Alerts" gap="xs">
      <ErrorAlert error={alerts.error} title="Could not load the alerts" />
      {items.length > 0 && (
        <>
          <Text size="sm" c="dimmed" data-testid="alerts-summary">
            {totals.open ? `${count(totals.open)} still firing` : 'None still firing'} · {count(totals.alerts)} in all · {count(totals.events)} {totals.events === 1 ? 'event' : 'events'}
          </Text>
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alerts behind this incident">
            {shown.map((a) => (
              <AlertItem key={a.id} alert={a} />
            ))}
          </Stack>
          {shown.length < ordered.length && (
            <Button variant="subtle" size="xs" onClick={() => setShowAll(true)} data-testid="alerts-show-all">
              {notRead > 0 ? `Show the newest ${count(items.length)} of ${count(totals.alerts)} alerts` : `Show all ${count(totals.alerts)} alerts`}
            </Button>
          )}
          {showAll && alerts.hasNextPage && (
            <Button variant="subtle" size="xs" loading={alerts.isFetchingNextPage} onClick={() => void alerts.fetchNextPage()} data-testid="alerts-more">
              Show {count(Math.min(ALERTS_PAGE, notRead))} more ({count(notRead)} not shown yet)
            </Button>
          )}
        </>
      )}
    </Panel>
  );
}

type AlertPage = ApiResponse<'/api/v1/alerts', 'get'>;
const count = (n: number) => n.toLocaleString('en');

/** Alerts read at a time: the API's most. */
const ALERTS_PAGE = 200;
/** Alerts listed before "Show all". */
const ALERTS_SHOWN = 10;

function AlertItem({ alert: a }: { alert: IncidentAlert }) {
  const now = useNow();
  const timeZone = useViewerTimeZone();
  const links = linksOf(a);
  const groups = detailGroupsOf(a);
  const monitorId = a.source === 'monitor' && typeof a.details.monitor_id === 'string' ? a.details.monitor_id : null;
  return (
    <li data-testid="incident-alert">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge size="sm" variant={a.status === 'open' ? 'filled' : 'light'} color={a.status === 'open' ? 'red' : 'gray'} style={{ flexShrink: 0 }}>
          {a.status === 'open' ? 'Firing' : 'Resolved'}
        </Badge>
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {a.summary}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {[senderOf(a), eventsText(a.events), `opened ${formatWhen(a.opened_at, now, { timeZone })}`, a.resolved_at ? `resolved ${formatWhen(a.resolved_at, now, { timeZone })}` : null].filter(Boolean).join(' · ')}
      </Text>
      {(links.length > 0 || monitorId) && (
        <Group gap="sm" mt={2}>
          {monitorId && (
            <Anchor component={Link} to={`/monitors/${encodeURIComponent(monitorId)}`} size="xs">
              The monitor
            </Anchor>
          )}
          {links.map((l) => (
            <Anchor key={l.href} href={l.href} target="_blank" rel="noreferrer" size="xs" style={{ overflowWrap: 'anywhere' }}>
              {l.text}
            </Anchor>
          ))}
        </Group>
      )}
      {groups.length > 0 && (
        <Box component="details" mt={4}>
          <Text component="summary" size="xs" style={{ cursor: 'pointer' }}>
            What the sender said
          </Text>
          <Stack gap={4} mt={4}>
            {groups.map((g) => (
              <div key={g.title}>
                <Text size="xs" fw={600}>
                  {g.title}
                </Text>
                <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(5rem, max-content) 1fr', columnGap: 8 }}>
                  {g.entries.map(([k, v]) => (
                    <Box key={k} style={{ display: 'contents' }}>
                      <Text component="dt" size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {k}
                      </Text>
                      <Text component="dd" size="xs" ff="monospace" m={0} style={{ overflowWrap: 'anywhere' }}>
                        {isHttp(v) ? (
                          <Anchor href={v} target="_blank" rel="noreferrer" inherit>
                            {v}
                          </Anchor>
                        ) : (
                          v
                        )}
                      </Text>
                    </Box>
                  ))}
                </Box>
              </div>
            ))}
          </Stack>
        </Box>
      )}
    </li>
  );
}
