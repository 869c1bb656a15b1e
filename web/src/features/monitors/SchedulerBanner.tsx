import { Alert } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useSchedulerHealth } from './api';

/** Says so when checks run late: a "no news" from a scheduler that is behind is not good news. */
export function SchedulerBanner() {
  const health = useSchedulerHealth().data;
  if (!health?.behind) return null;
  return (
    <Alert color="orange" variant="light" role="alert" title="Checks are running late" icon={<IconClockExclamation size={18} />} data-testid="scheduler-behind">
      {health.message ?? `Checks start up to ${Math.round((health.lag_p99_ms ?? 0) / 1000)} s late (${health.missed_total} missed); states may be out of date.`}
    </Alert>
  );
}
