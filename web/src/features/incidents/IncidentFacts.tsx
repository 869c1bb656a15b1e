import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { SOURCE_LABEL } from './presentation';
import type { Incident } from './types';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Each affected service, linking to its page (owner, runbook, who to call). */
function ServiceLinks({ services }: { services: Incident['services'] }) {
  return (
    <Group gap="xs" component="span">
      {services.map((s) => (
        <Anchor key={s.id} component={Link} to={`/services/${s.id}`} inherit>
          {s.name}
        </Anchor>
      ))}
    </Group>
  );
}

/** The key times and facts, in the order responders ask for them. */
export function IncidentFacts({ incident: i }: { incident: Incident }) {
  const { impact } = i;
  const now = useNow();
  return (
    <Paper withBorder radius="md" p="md" data-testid="incident-facts">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Details
        </Title>
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
          <Fact label="Impact began"><When iso={i.started_at} now={now} /></Fact>
          <Fact label="Detected"><When iso={i.detected_at} now={now} /></Fact>
          <Fact label="Acknowledged">
            <When iso={i.acknowledged_at} now={now} />
            {i.acknowledged_by && <span data-testid="acknowledged-by"> by {i.acknowledged_by.name}</span>}
          </Fact>
          <Fact label="Mitigated"><When iso={i.mitigated_at} now={now} /></Fact>
          <Fact label="Resolved"><When iso={i.resolved_at} now={now} /></Fact>
          <Fact label="Detected by">{SOURCE_LABEL[i.detection_source] ?? i.detection_source}</Fact>
        </SimpleGrid>
        <Fact label="Services">{i.services?.length ? <ServiceLinks services={i.services} /> : '—'}</Fact>
        <Fact label="What is broken">{impact.functionality_broken || '—'}</Fact>
        <SimpleGrid cols={2} spacing="sm">
          <Fact label="Users affected">{impact.users_affected?.toLocaleString() ?? '—'}</Fact>
          <Fact label="Data at risk">{impact.data_at_risk ? 'Yes' : 'No'}</Fact>
        </SimpleGrid>
        <Fact label="Hypothesis">{i.hypothesis || '—'}</Fact>
        <Fact label="Root cause category">{i.root_cause_category || '—'}</Fact>
      </Stack>
    </Paper>
  );
}
