import { ActionIcon, Button, Group, Input, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { AssertionRow } from './formModel';

const KINDS: { value: AssertionRow['kind']; label: string }[] = [
  { value: 'body_contains', label: 'Body contains' },
  { value: 'body_not_contains', label: 'Body does not contain' },
  { value: 'json_path', label: 'JSON path equals' },
];

/** What the answer must say besides its status: text in the body, or a JSON value. */
export function AssertionsField({ value, onChange, errorAt }: { value: AssertionRow[]; onChange: (v: AssertionRow[]) => void; errorAt: (i: number) => string | undefined }) {
  const put = (i: number, p: Partial<AssertionRow>) => onChange(value.map((a, j) => (j === i ? { ...a, ...p } : a)));
  return (
    <Input.Wrapper label="Assertions" description="Checks on the response body; any that fails marks the check down">
      <Stack gap={6} mt={4}>
        {value.map((a, i) => (
          <Stack key={i} gap={2}>
            <Group gap={6} wrap="wrap" align="flex-start">
              <Select aria-label={`Assertion ${i + 1} kind`} allowDeselect={false} data={KINDS} value={a.kind} onChange={(k) => k && put(i, { kind: k as AssertionRow['kind'] })} style={{ flex: '0 1 200px' }} />
              {a.kind === 'json_path' ? (
                <>
                  <TextInput aria-label={`Assertion ${i + 1} JSON path`} placeholder="$.status" value={a.path} onChange={(e) => put(i, { path: e.currentTarget.value })} style={{ flex: '1 1 120px', minWidth: 0 }} />
                  <TextInput aria-label={`Assertion ${i + 1} equals`} placeholder="ok" value={a.equals} onChange={(e) => put(i, { equals: e.currentTarget.value })} style={{ flex: '1 1 120px', minWidth: 0 }} />
                </>
              ) : (
                <TextInput aria-label={`Assertion ${i + 1} text`} placeholder="healthy" value={a.value} onChange={(e) => put(i, { value: e.currentTarget.value })} style={{ flex: '1 1 200px', minWidth: 0 }} />
              )}
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Remove assertion ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            {errorAt(i) && (
              <Text size="xs" c="red" role="alert">
                {errorAt(i)}
              </Text>
            )}
          </Stack>
        ))}
        <Group>
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, { kind: 'body_contains', value: '', path: '', equals: '' }])}>
            Add assertion
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
