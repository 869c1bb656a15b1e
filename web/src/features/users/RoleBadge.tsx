import { Badge, type BadgeProps } from '@mantine/core';
import { ROLE_COLOR } from '../session/permissions';
import type { Role } from '../session/types';

export function RoleBadge({ role, ...props }: { role: Role } & BadgeProps) {
  return (
    <Badge variant="light" color={ROLE_COLOR[role]} size="sm" data-testid="role-badge" {...props}>
      {role}
    </Badge>
  );
}
