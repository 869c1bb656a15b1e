import { MultiSelect, NumberInput, Select, SimpleGrid } from '@mantine/core';
import { CatalogPicker } from '../../ui/CatalogPicker';
import { SeverityPicker } from '../incidents/SeverityPicker';
import { useMonitorLocations } from './api';
import { durationOptions, type FormPartProps, numOrEmpty } from './formFields';
import { INTERVALS } from './presentation';

/** What every monitor has: how often, from where, what it alerts for and how surely. */
export function CheckOptions({ f, set, err }: FormPartProps) {
  const locations = useMonitorLocations().data ?? [];
  const polled = f.type !== 'heartbeat';
  return (
    <>
      {polled && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Check every"
            allowDeselect={false}
            data={durationOptions(INTERVALS, f.intervalS)}
            value={String(f.intervalS)}
            error={err('interval_s')}
            onChange={(v) => v && set({ intervalS: Number(v) })}
          />
          <NumberInput
            label="Timeout (ms)"
            description="Empty: 10 s, or half the interval when shorter"
            placeholder={String(Math.min(10_000, f.intervalS * 500))}
            min={100}
            max={60_000}
            step={500}
            allowDecimal={false}
            value={f.timeoutMs}
            error={err('timeout_ms')}
            onChange={(v) => set({ timeoutMs: numOrEmpty(v) })}
          />
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NumberInput
          label="Failures before down"
          description="Consecutive failed checks at a location"
          placeholder="2"
          min={1}
          max={10}
          allowDecimal={false}
          value={f.failuresToDown}
          error={err('confirmation.failures_to_down')}
          onChange={(v) => set({ failuresToDown: numOrEmpty(v) })}
        />
        <NumberInput
          label="Locations down to alert"
          description="Empty: 2, or 1 with a single location"
          min={1}
          allowDecimal={false}
          value={f.locationsToAlert}
          error={err('confirmation.locations_to_alert')}
          onChange={(v) => set({ locationsToAlert: numOrEmpty(v) })}
        />
        {f.type !== 'heartbeat' && (
          <NumberInput
            label="Re-check after (seconds)"
            description="Confirms a change before the next check; 0: off"
            placeholder="10"
            min={0}
            max={3600}
            allowDecimal={false}
            value={f.recheckS}
            error={err('confirmation.recheck_s')}
            onChange={(v) => set({ recheckS: numOrEmpty(v) })}
          />
        )}
      </SimpleGrid>
      {locations.length > 0 && (
        <MultiSelect
          label="Locations"
          description="Where checks run from"
          placeholder={f.locations.length ? undefined : 'All locations'}
          data={[...new Set([...locations.map((l) => l.name), ...f.locations])]}
          value={f.locations}
          error={err('locations')}
          onChange={(v) => set({ locations: v })}
          clearable
        />
      )}
      <CatalogPicker path="/services" label="Service" description="Its incidents name this service" placeholder="No service" clearable value={f.serviceId} error={err('service_id')} onChange={(v) => set({ serviceId: v })} />
      <SeverityPicker label="Severity of its incidents" value={f.severity} onChange={(severity) => set({ severity })} />
    </>
  );
}
