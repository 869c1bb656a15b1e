import { Box, Button, Group, Modal, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useServices } from '../services/api';
import { type NewRule, useCreateRule, useDeleteRule, useSuppressionRules } from './api';
import { eventCount } from './noiseChart';
import { parseMatch, RULE_SEVERITIES, RULE_SOURCES, ruleConditions } from './rules';

const ANY = '';

function RuleForm({ onDone }: { onDone: () => void }) {
  const services = useServices();
  const create = useCreateRule();
  const [name, setName] = useState('');
  const [action, setAction] = useState<NewRule['action']>('quiet');
  const [serviceId, setServiceId] = useState(ANY);
  const [source, setSource] = useState(ANY);
  const [severity, setSeverity] = useState(ANY);
  const [matchText, setMatchText] = useState('');
  const parsed = parseMatch(matchText);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || 'error' in parsed) return;
    const rule: NewRule = { name: name.trim(), action, match: parsed.match };
    if (serviceId) rule.service_id = serviceId;
    if (source) rule.source = source;
    if (severity) rule.severity = severity as NonNullable<NewRule['severity']>;
    create.mutate(rule, { onSuccess: onDone });
  };
  const any = (values: readonly string[]) => [{ value: ANY, label: 'Any' }, ...values.map((v) => ({ value: v, label: v }))];
  return (
    <form onSubmit={submit} aria-label="New suppression rule">
      <Stack gap="sm">
        <TextInput label="Name" description="Why this noise is known, e.g. staging never pages" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Action"
          allowDeselect={false}
          data={[
            { value: 'quiet', label: 'Quiet: keep the alert, open no incident, page nobody' },
            { value: 'drop', label: 'Drop: count the event, store nothing' },
          ]}
          value={action}
          onChange={(v) => v && setAction(v as NewRule['action'])}
        />
        <Select label="Service" allowDeselect={false} data={[{ value: ANY, label: 'Any' }, ...(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))]} value={serviceId} onChange={(v) => setServiceId(v ?? ANY)} />
        <Select label="Sender" allowDeselect={false} data={any(RULE_SOURCES)} value={source} onChange={(v) => setSource(v ?? ANY)} />
        <Select label="Severity" allowDeselect={false} data={any(RULE_SEVERITIES)} value={severity} onChange={(v) => setSeverity(v ?? ANY)} />
        <Textarea
          label="Fields"
          description="One path=value a line, all must match, e.g. labels.env=staging"
          autosize
          minRows={2}
          value={matchText}
          onChange={(e) => setMatchText(e.currentTarget.value)}
          error={'error' in parsed ? parsed.error : undefined}
        />
        <ErrorAlert error={create.error} title="Could not make the rule" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || 'error' in parsed}>
            Make rule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Rule = NonNullable<ReturnType<typeof useSuppressionRules>['data']>[number];

const actionLabel = (r: Rule) => (r.action === 'drop' ? 'Drop' : 'Quiet (no page)');

function DeleteRule({ rule: r, remove }: { rule: Rule; remove: (id: string) => Promise<unknown> }) {
  return (
    <ConfirmButton
      size="xs"
      variant="subtle"
      color="red"
      label="Delete"
      aria-label={`Delete rule ${r.name}`}
      title="Delete this rule?"
      message={`Events it matches will page again. It suppressed ${r.matched_events} so far.`}
      action={() => remove(r.id)}
    />
  );
}

/** Admins' suppression rules, each with the events it suppressed (counted, never silently lost). */
export function SuppressionRules() {
  const rules = useSuppressionRules();
  const services = useServices();
  const remove = useDeleteRule();
  const [opened, modal] = useDisclosure(false);
  const serviceName = (id: string) => services.data?.find((s) => s.id === id)?.name ?? id;
  return (
    <section aria-labelledby="rules-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="rules-heading">
          Suppression rules
        </Title>
        <Button variant="light" leftSection={<IconFilterOff size={16} />} onClick={modal.open}>
          New rule
        </Button>
      </Group>
      <ErrorAlert error={rules.error} title="Could not load the suppression rules" />
      {rules.data?.length ? (
        <>
          <Box visibleFrom="sm">
            <Table aria-label="Suppression rules and the events they suppressed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Matches</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Events suppressed</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.data.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{ruleConditions(r, serviceName)}</Table.Td>
                    <Table.Td>{actionLabel(r)}</Table.Td>
                    <Table.Td>{r.matched_events}</Table.Td>
                    <Table.Td>
                      <DeleteRule rule={r} remove={remove.mutateAsync} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          {/* A phone: a card per rule (five columns pushed Delete past the screen's edge). */}
          <Stack gap="xs" hiddenFrom="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Suppression rules">
            {rules.data.map((r) => (
              <Paper key={r.id} component="li" withBorder radius="sm" p="sm" data-testid="rule-card">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600} size="sm">
                    {r.name}
                  </Text>
                  <DeleteRule rule={r} remove={remove.mutateAsync} />
                </Group>
                <Text size="sm">{ruleConditions(r, serviceName)}</Text>
                <Text size="sm" c="dimmed">
                  {actionLabel(r)} · {eventCount(r.matched_events)} suppressed
                </Text>
              </Paper>
            ))}
          </Stack>
        </>
      ) : (
        rules.data && (
          <Text size="sm" c="dimmed" data-testid="no-rules">
            No rules yet. A rule drops the events that match it, or keeps them without paging anyone (a known-noisy check, a staging host); each event it matches is counted here.
          </Text>
        )
      )}
      <Modal opened={opened} onClose={modal.close} title="New suppression rule" centered size="lg">
        {opened && <RuleForm onDone={modal.close} />}
      </Modal>
    </section>
  );
}
