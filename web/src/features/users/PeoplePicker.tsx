import type { ComponentProps } from 'react';
import { CatalogMultiPicker } from '../../ui/CatalogPicker';

/** Pick active people, searched by name or email on the server; picked people since deactivated stay visible. */
export function PeoplePicker({ value, ...props }: Omit<ComponentProps<typeof CatalogMultiPicker>, 'path'>) {
  return <CatalogMultiPicker path="/users" placeholder={value.length ? undefined : 'Pick people'} {...props} value={value} />;
}
