import { Kbd, Modal, Table, Text } from '@mantine/core';
import { SHORTCUT_HELP, SHORTCUT_KEY, type ShortcutCommand } from './shortcuts';

/** The `?` card: every key on the incident page, in the order they are used. */
export function ShortcutHelpModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered size="sm">
      <Table withRowBorders={false} verticalSpacing={4} aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {(Object.keys(SHORTCUT_KEY) as ShortcutCommand[]).map((c) => (
            <Table.Tr key={c}>
              <Table.Td w={48}>
                <Kbd>{SHORTCUT_KEY[c]}</Kbd>
              </Table.Td>
              <Table.Td>{SHORTCUT_HELP[c]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Keys do nothing while you type in a field or a dialog is open; a step shows only when it is allowed.
      </Text>
    </Modal>
  );
}
