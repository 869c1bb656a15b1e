import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useUserDirectory } from './api';

/** Pick active people by name; people already picked but since deactivated stay visible. */
export function PeoplePicker({ value, ...props }: Omit<MultiSelectProps, 'data'> & { value: string[] }) {
  const users = useUserDirectory();
  const data = (users.data ?? [])
    .filter((u) => !u.deactivated_at || value.includes(u.id))
    .map((u) => ({ value: u.id, label: u.deactivated_at ? `${u.name} (deactivated)` : u.name }));
  return (
    <MultiSelect
      searchable
      clearable
      placeholder={value.length ? undefined : 'Pick people'}
      nothingFoundMessage="Nobody by that name"
      {...props}
      value={value}
      data={data}
    />
  );
}
