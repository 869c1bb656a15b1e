import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from 'react-router';

/** The team's anchor on the Teams page (teams have no page of their own). */
export const teamAnchor = (id: string): string => `team-${id}`;

/** A team's name that goes to it on the Teams page. */
export function TeamLink({ id, name, ...props }: { id: string; name: string } & AnchorProps) {
  return (
    <Anchor component={Link} to={`/teams#${teamAnchor(id)}`} inherit underline="always" {...props}>
      {name}
    </Anchor>
  );
}
