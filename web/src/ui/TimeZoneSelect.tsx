import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { timeZones } from './timeZones';

/** A searchable pick of IANA zones ("Europe/Paris"); type a city to narrow it. */
export function TimeZoneSelect(props: Omit<SelectProps, 'data'>) {
  const data = useMemo(() => {
    const zones = timeZones();
    // A zone the browser does not list (older ICU) still shows as picked.
    return props.value && !zones.includes(props.value) ? [props.value, ...zones] : zones;
  }, [props.value]);
  return <Select label="Time zone" searchable allowDeselect={false} limit={100} nothingFoundMessage="No such zone" {...props} data={data} />;
}
