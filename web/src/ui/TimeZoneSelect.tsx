import { type ComboboxItem, type ComboboxParsedItem, Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { timeZones, zoneMatches } from './timeZones';

const isItem = (o: ComboboxParsedItem): o is ComboboxItem => 'value' in o;

/** A searchable pick of IANA zones ("Europe/Paris"); type a city ("New York") to narrow it. */
export function TimeZoneSelect(props: Omit<SelectProps, 'data'>) {
  const data = useMemo(() => {
    const zones = timeZones();
    // A zone the browser does not list (older ICU) still shows as picked.
    return props.value && !zones.includes(props.value) ? [props.value, ...zones] : zones;
  }, [props.value]);
  return (
    <Select
      label="Time zone"
      searchable
      allowDeselect={false}
      limit={100}
      nothingFoundMessage="No such zone"
      filter={({ options, search, limit }) => options.filter((o) => isItem(o) && zoneMatches(o.label, search)).slice(0, limit)}
      {...props}
      data={data}
    />
  );
}
