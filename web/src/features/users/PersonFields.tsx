import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import { assignableRoles, ROLE_HINT } from '../session/permissions';
import type { Role } from '../session/types';

export interface PersonFieldValues {
  name: string;
  email: string;
  role: Role;
  time_zone: string;
}

/** Name, email, role (those the actor may give) and time zone: adding a person and inviting one. */
export function PersonFields({
  value,
  onChange,
  error,
  actorRole,
}: {
  value: PersonFieldValues;
  onChange: (patch: Partial<PersonFieldValues>) => void;
  /** The message beside a field, by field name. */
  error: (field: string) => string | undefined;
  actorRole: Role;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <TextInput label="Name" required data-autofocus value={value.name} error={error('name')} onChange={(e) => onChange({ name: e.currentTarget.value })} />
      <TextInput label="Email" type="email" required value={value.email} error={error('email')} onChange={(e) => onChange({ email: e.currentTarget.value })} />
      <Select
        label="Role"
        allowDeselect={false}
        data={assignableRoles(actorRole, null).map((r) => ({ value: r, label: `${r}: ${ROLE_HINT[r].toLowerCase()}` }))}
        value={value.role}
        error={error('role')}
        onChange={(v) => v && onChange({ role: v as Role })}
      />
      <TimeZoneSelect value={value.time_zone} error={error('time_zone')} onChange={(v) => v && onChange({ time_zone: v })} />
    </SimpleGrid>
  );
}
