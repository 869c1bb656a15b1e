import { Anchor, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { incidentsKey } from '../incidents/api';
import type { Incident } from '../incidents/types';
import { type Page, useMyPages } from './api';
import { PageItem } from './PageItem';
import { newestFirst } from './presentation';

/** The incident a page was for, as a link: "#12 SEV-1 Checkout is down (acknowledged)". */
function IncidentLink({ page, incident }: { page: Page; incident: Incident | undefined }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Anchor component={Link} to={`/incidents/${incident?.number ?? page.incident_id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {incident ? `#${incident.number} ${incident.severity} ${incident.title}` : 'Open the incident'}
      </Anchor>
      {incident && (
        <Text size="sm" c="dimmed">
          {incident.status}
        </Text>
      )}
    </Group>
  );
}

/** The signed-in person's pages, newest first, each with how it reached them and its incident. */
export function MyPagesPage() {
  useDocumentTitle('My pages · Tocsin');
  const mine = useMyPages();
  const now = useNow();
  const pages = newestFirst(mine.data?.items ?? []);
  const ids = [...new Set(pages.map((p) => p.incident_id))];
  // The same queries (and cache) as the incident page: titles here, and an instant open there.
  const incidents = useQueries({ queries: ids.map((id) => ({ queryKey: [...incidentsKey, 'detail', id], queryFn: () => get<Incident>(`/incidents/${id}`), staleTime: 30_000 })) });
  const byId = new Map(incidents.flatMap((q) => (q.data ? [[q.data.id, q.data] as const] : [])));

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        My pages
      </Title>
      <Text c="dimmed" size="sm">
        Every time Tocsin paged you, newest first: how each notification went, and whether you answered.
      </Text>
      <ErrorAlert error={mine.error} title="Could not load your pages" />
      {mine.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading your pages" />
        </Center>
      ) : pages.length ? (
        <Stack gap="sm" data-testid="my-pages">
          {pages.map((p) => (
            <PageItem key={p.id} page={p} now={now} mine heading={<IncidentLink page={p} incident={byId.get(p.incident_id)} />} />
          ))}
        </Stack>
      ) : (
        !mine.error && (
          <Text c="dimmed" ta="center" py="xl">
            Nobody has paged you yet.
          </Text>
        )
      )}
    </Stack>
  );
}
