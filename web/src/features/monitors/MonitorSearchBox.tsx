import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useRef, useState } from 'react';

const URL_DELAY_MS = 250;

/**
 * The search box keeps what is typed in its own state and writes the URL once typing pauses, so
 * no keystroke is lost to a URL rewrite; a URL changed from elsewhere (Back, a link) shows here.
 */
export function MonitorSearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const written = useRef(value);
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
      aria-label="Search monitors"
      placeholder="Search by name"
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
      style={{ flex: '1 1 200px' }}
    />
  );
}
