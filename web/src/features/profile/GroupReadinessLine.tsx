import { Text } from '@mantine/core';
import type { GroupReadiness } from './contactsApi';
import { problemsInShort } from './readiness';

/**
 * Who a team or an escalation policy would page and a high-urgency page would not reach, in one
 * line for its row in a list: to fix before the night it matters. Nothing until it has loaded,
 * and nothing for a group of nobody.
 */
export function GroupReadinessLine({ readiness: r, testId }: { readiness: GroupReadiness | undefined; testId: string }) {
  if (!r || r.people === 0) return null;
  if (!r.unreachable.length) {
    return (
      <Text size="sm" c="green.8" data-testid={testId}>
        Everyone can be paged.
      </Text>
    );
  }
  return (
    <Text size="sm" c="red" data-testid={testId}>
      Cannot be paged: {r.unreachable.map((p) => `${p.name} (${problemsInShort(p.problems)})`).join('; ')}
    </Text>
  );
}
