import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../app/api';

/** Shows an API or network error as the sentence the server wrote (problem+json `detail`). */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />} role="alert" data-testid="error">
      {errorMessage(error)}
    </Alert>
  );
}
