import { Button, Group, Textarea } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import type { FormEvent, RefObject } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAddNote } from './api';
import { KeyHint } from './LifecycleActions';

/**
 * A note on the timeline. Enter posts it; Shift+Enter starts a new line; `n` on the page focuses it.
 * The draft is kept in the browser until it is posted: a phone that reloads the tab (locked, or
 * switched away to the chat) does not lose what the responder was writing.
 */
export function NoteForm({ incidentId, inputRef }: { incidentId: string; inputRef?: RefObject<HTMLTextAreaElement | null> }) {
  const [text, setText, forget] = useLocalStorage({ key: `tocsin.note-draft.${incidentId}`, defaultValue: '', getInitialValueInEffect: false });
  const note = useAddNote(incidentId);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || note.isPending) return;
    note.mutate({ text: text.trim() }, { onSuccess: () => forget() });
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
