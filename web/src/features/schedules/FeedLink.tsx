import { Button, Group, TextInput } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { ErrorAlert } from '../../ui/ErrorAlert';

interface Props {
  link: UseMutationResult<{ url: string }, Error, void>;
  label: string;
}

/** Makes a secret iCalendar link and shows it to copy; a new one stops the previous link. */
export function FeedLink({ link, label }: Props) {
  return (
    <Group align="flex-end" wrap="wrap">
      <Button variant="default" loading={link.isPending} onClick={() => link.mutate()}>
        {label}
      </Button>
      {link.data && <TextInput readOnly label="Subscribe in your calendar (a new link stops this one)" value={link.data.url} style={{ flex: 1, minWidth: 240 }} onFocus={(e) => e.currentTarget.select()} />}
      <ErrorAlert error={link.error} title="No calendar link" />
    </Group>
  );
}
