import { Center, Loader, Paper, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useRef } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useIncident } from './api';
import { IncidentAlerts } from './IncidentAlerts';
import { IncidentFacts } from './IncidentFacts';
import { IncidentHeader } from './IncidentHeader';
import { IncidentTimeline } from './IncidentTimeline';
import { allows } from './lifecycle';
import { PagingPanel } from '../paging/PagingPanel';
import { NoteForm } from './NoteForm';
import { PhaseBar } from './PhaseBar';
import { RecentChanges } from './RecentChanges';
import { RolesPanel } from './RolesPanel';
import classes from './IncidentDetailPage.module.css';

/** The incident workspace: what it is, what to do next, who is on it, and what happened (on a phone, who is paged first). */
export function IncidentDetailPage() {
  const { ref = '' } = useParams();
  const incident = useIncident(ref);
  const i = incident.data;
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useDocumentTitle(i ? `#${i.number} ${i.severity} ${i.title} · Tocsin` : 'Incident · Tocsin');
  if (incident.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (!i) return <ErrorAlert error={incident.error} title={`Incident ${ref}`} />;
  return (
    <Stack gap="lg">
      <IncidentHeader incident={i} noteRef={noteRef} />
      <PhaseBar incident={i} />
      <div className={classes.workspace}>
        <Paper withBorder radius="md" p="md" className={classes.timeline}>
          <Stack gap="md">
            <Title order={2} size="h4">
              Timeline
            </Title>
            <IncidentTimeline incidentId={i.id} />
            {allows(i, 'add_note') && <NoteForm incidentId={i.id} inputRef={noteRef} />}
          </Stack>
        </Paper>
        <div className={classes.paging}>
          <PagingPanel incident={i} />
        </div>
        <div className={classes.alerts}>
          <IncidentAlerts incidentId={i.id} />
        </div>
        <div className={classes.roles}>
          <RolesPanel incident={i} />
        </div>
        <div className={classes.facts}>
          <IncidentFacts incident={i} />
        </div>
        <div className={classes.changes}>
          <RecentChanges incidentId={i.id} serviceNames={new Map(i.services.map((s) => [s.id, s.name]))} resolved={i.resolved_at !== null} />
        </div>
      </div>
    </Stack>
  );
}
