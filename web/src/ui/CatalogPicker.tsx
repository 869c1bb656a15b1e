import { MultiSelect, type MultiSelectProps, Select, type SelectProps } from '@mantine/core';
import { type CatalogPath, type Option, useCatalogSearch } from './useCatalogSearch';

type Controlled = 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange' | 'filter' | 'searchable';
interface Common {
  path: CatalogPath;
  /** Ids never offered (a service cannot depend on itself). */
  exclude?: string[];
  /** Labels the caller already knows, for picked ids. */
  known?: Option[];
}

const nothing = (searching: boolean, more: boolean) => (searching ? 'Searching…' : more ? 'Type more to narrow it down' : 'No matches');

/** Pick several from the catalog, searched on the server as you type. */
export function CatalogMultiPicker({ path, exclude, known, value, onChange, ...props }: Omit<MultiSelectProps, Controlled> & Common & { value: string[]; onChange: (v: string[]) => void }) {
  const s = useCatalogSearch(path, value, { exclude, known });
  return (
    <MultiSelect
      searchable
      clearable
      nothingFoundMessage={nothing(s.searching, s.more)}
      {...props}
      data={s.data}
      filter={s.filter}
      searchValue={s.search}
      onSearchChange={s.setSearch}
      value={value}
      onChange={onChange}
    />
  );
}

/** Pick one from the catalog, searched on the server as you type. */
export function CatalogPicker({ path, exclude, known, value, onChange, ...props }: Omit<SelectProps, Controlled> & Common & { value: string | null; onChange: (v: string | null) => void }) {
  const picked = value ? [value] : [];
  const s = useCatalogSearch(path, picked, { exclude, known, single: true });
  return (
    <Select
      searchable
      nothingFoundMessage={nothing(s.searching, s.more)}
      {...props}
      data={s.data}
      filter={s.filter}
      searchValue={s.search}
      onSearchChange={s.setSearch}
      value={value}
      onChange={onChange}
    />
  );
}
