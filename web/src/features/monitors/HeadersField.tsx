import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { HeaderRow } from './formModel';

/** Request headers as name/value rows ("Authorization: Bearer …"). */
export function HeadersField({ value, onChange, error }: { value: HeaderRow[]; onChange: (v: HeaderRow[]) => void; error?: string }) {
  const put = (i: number, p: Partial<HeaderRow>) => onChange(value.map((h, j) => (j === i ? { ...h, ...p } : h)));
  return (
    <Input.Wrapper label="Headers" description="Sent with every check" error={error}>
      <Stack gap={6} mt={4}>
        {value.map((h, i) => (
          <Group key={i} gap={6} wrap="nowrap" align="flex-start">
            <TextInput aria-label={`Header ${i + 1} name`} placeholder="Authorization" style={{ flex: '1 1 40%', minWidth: 0 }} value={h.name} onChange={(e) => put(i, { name: e.currentTarget.value })} />
            <TextInput aria-label={`Header ${i + 1} value`} placeholder="Bearer …" style={{ flex: '1 1 60%', minWidth: 0 }} value={h.value} onChange={(e) => put(i, { value: e.currentTarget.value })} />
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Remove header ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, { name: '', value: '' }])}>
            Add header
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
