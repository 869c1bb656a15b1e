import type { ComponentProps } from 'react';
import { CatalogMultiPicker } from '../../ui/CatalogPicker';

/** Pick services, searched by name on the server as you type. */
export function ServicePicker(props: Omit<ComponentProps<typeof CatalogMultiPicker>, 'path'>) {
  return <CatalogMultiPicker path="/services" {...props} />;
}
