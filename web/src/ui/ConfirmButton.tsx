import { Button, type ButtonProps, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { ErrorAlert } from './ErrorAlert';

interface Props extends ButtonProps {
  /** The button's text; also the confirming button's unless `confirmLabel` says otherwise. */
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  /** Runs on confirmation; the modal closes when it resolves and shows the error when it rejects. */
  action: () => Promise<unknown>;
  'aria-label'?: string;
}

/** A destructive action behind a "are you sure?" modal that shows the server's refusal. */
export function ConfirmButton({ label, title, message, confirmLabel, action, ...button }: Props) {
  const [opened, { open, close }] = useDisclosure(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await action();
      close();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button color="red" variant="light" {...button} onClick={open}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack gap="md">
          <Text size="sm">{message}</Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" loading={pending} onClick={confirm} data-autofocus>
              {confirmLabel ?? label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
