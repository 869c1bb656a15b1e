import { Button, Group, Textarea } from '@mantine/core';
import { type FormEvent, type RefObject, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAddNote } from './api';
import { KeyHint } from './LifecycleActions';

/** A note on the timeline. Enter posts it; Shift+Enter starts a new line; `n` on the page focuses it. */
export function NoteForm({ incidentId, inputRef }: { incidentId: string; inputRef?: RefObject<HTMLTextAreaElement | null> }) {
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
        ref={inputRef}
        label={
          <>
            Add a note <KeyHint k="n" />
          </>
        }
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
