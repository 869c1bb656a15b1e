import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { type RefObject, useRef, useState } from 'react';

const URL_DELAY_MS = 250;

interface Props {
  /** The search in the URL. */
  value: string;
  /** Writes the search to the URL, a moment after the typing stops. */
  onChange: (q: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/**
 * The list's search. The box keeps what is typed in its own state and writes the URL once the
 * typing pauses, so no keystroke is lost to a URL rewrite; a URL changed from elsewhere (Back,
 * a link) shows in the box.
 */
export function IncidentSearchBox({ value, onChange, inputRef }: Props) {
  const [text, setText] = useState(value);
  // What this box last wrote: when the URL arrives at it, the text (typed on since) stays.
  const written = useRef(value);
  // The URL value seen at the last render: a change to anything but what we wrote came from
  // outside (Back, a link) and replaces the text.
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== written.current) setText(value);
  }
  const push = useDebouncedCallback((q: string) => {
    written.current = q;
    onChange(q);
  }, URL_DELAY_MS);
  return (
    <TextInput
      ref={inputRef}
      aria-label="Search incidents"
      aria-keyshortcuts="/"
      placeholder="Search titles  ( / )"
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
      style={{ flex: '1 1 160px' }}
    />
  );
}
