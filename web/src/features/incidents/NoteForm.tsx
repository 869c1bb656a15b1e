import { Button, Group, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAddNote } from './api';

/** A note on the timeline. Enter posts it; Shift+Enter starts a new line. */
export function NoteForm({ incidentId }: { incidentId: string }) {
  const [text, setText] = useState('');
  const note = useAddNote(incidentId);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || note.isPending) return;
    note.mutate({ text: text.trim() }, { onSuccess: () => setText('') });
  };
  return (
    <form onSubmit={submit} aria-label="Add a note">
      <Textarea
        label="Add a note"
        placeholder="What you tried, what you saw, what is next…"
        autosize
        minRows={2}
        maxRows={8}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <ErrorAlert error={note.error} />
      <Group justify="flex-end" mt="xs">
        <Button type="submit" variant="light" loading={note.isPending} disabled={!text.trim()}>
          Add note
        </Button>
      </Group>
    </form>
  );
}
