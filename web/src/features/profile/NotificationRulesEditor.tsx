import { Button, CloseButton, Group, NumberInput, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type ContactMethod, methodName, useAddRule, useRemoveRule, useRules } from './contactsApi';

const URGENCIES = [
  { value: 'high', label: 'High (SEV-1, SEV-2)' },
  { value: 'low', label: 'Low' },
];

/** Which method a page tries, and how many minutes after it starts: e.g. push at 0, SMS at 2, voice at 5. */
export function NotificationRulesEditor({ methods }: { methods: ContactMethod[] }) {
  const rules = useRules();
  const remove = useRemoveRule();
  const byId = new Map(methods.map((m) => [m.id, m]));
  const sorted = [...(rules.data ?? [])].sort((a, b) => a.urgency.localeCompare(b.urgency) || a.delay_minutes - b.delay_minutes);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Notification rules
      </Title>
      <ErrorAlert error={rules.error ?? remove.error} title="Rules" />
      {sorted.length ? (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-label="Notification rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Urgency</Table.Th>
                <Table.Th>After</Table.Th>
                <Table.Th>Method</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Remove</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => {
                const m = byId.get(r.contact_method_id);
                const name = m ? methodName(m) : r.channel;
                return (
                  <Table.Tr key={r.id} data-testid="rule">
                    <Table.Td>{r.urgency}</Table.Td>
                    <Table.Td>{r.delay_minutes} min</Table.Td>
                    <Table.Td>
                      {name}
                      {m && !m.verified && (
                        <Text span size="xs" c="yellow.8">
                          {' '}
                          (not verified yet)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <CloseButton aria-label={`Remove the ${r.urgency} rule at ${r.delay_minutes} min to ${name}`} onClick={() => remove.mutate(r.id)} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text size="sm" c="dimmed">
          No rules yet. Verifying your first method adds one for each urgency.
        </Text>
      )}
      {methods.length > 0 && <AddRuleForm methods={methods} />}
    </Stack>
  );
}

function AddRuleForm({ methods }: { methods: ContactMethod[] }) {
  const [urgency, setUrgency] = useState<'high' | 'low'>('high');
  const [methodId, setMethodId] = useState<string | null>(methods[0]?.id ?? null);
  const [delay, setDelay] = useState<number | string>(0);
  const add = useAddRule();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!methodId || typeof delay !== 'number') return;
    add.mutate({ contact_method_id: methodId, urgency, delay_minutes: delay });
  };
  return (
    <form onSubmit={submit} aria-label="Add a notification rule">
      <Stack gap="xs">
        <Group grow align="flex-end" wrap="wrap" gap="xs">
          <Select label="Urgency" data={URGENCIES} value={urgency} onChange={(v) => v && setUrgency(v as 'high' | 'low')} allowDeselect={false} style={{ minWidth: 150 }} />
          <Select label="Method" data={methods.map((m) => ({ value: m.id, label: methodName(m) }))} value={methodId} onChange={setMethodId} allowDeselect={false} style={{ minWidth: 180 }} />
          <NumberInput label="Minutes after the page" min={0} max={1440} clampBehavior="strict" allowDecimal={false} value={delay} onChange={setDelay} style={{ minWidth: 120 }} />
        </Group>
        <ErrorAlert error={add.error} title="Rule not added" />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending} disabled={!methodId || typeof delay !== 'number'}>
            Add rule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
