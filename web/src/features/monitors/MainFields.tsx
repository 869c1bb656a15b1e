import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import { durationOptions, type FormPartProps, numOrEmpty } from './formFields';

const PERIODS = [60, 300, 900, 3600, 21_600, 86_400, 604_800];
const GRACES = [0, 60, 300, 900, 3600];

/** The fields a monitor of each type cannot do without: the URL, the host, the name, the period. */
export function MainFields({ f, set, err, editing }: FormPartProps & { editing: boolean }) {
  // A new monitor's first field takes the focus (paste a URL, press Enter); editing keeps it on the dialog.
  const focus = editing ? { 'data-autofocus': true } : { autoFocus: true };
  switch (f.type) {
    case 'http':
      return (
        <TextInput
          label="URL"
          description="The address to request; https:// is assumed when left out"
          placeholder="https://example.com/health"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          required
          {...focus}
          value={f.url}
          error={err('target.url')}
          onChange={(e) => set({ url: e.currentTarget.value })}
        />
      );
    case 'tcp':
    case 'tls':
      return (
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <TextInput label="Host" placeholder={f.type === 'tls' ? 'example.com' : 'db.internal'} required {...focus} style={{ flex: 1, minWidth: 0 }} value={f.host} error={err('target.host')} onChange={(e) => set({ host: e.currentTarget.value })} />
          <NumberInput
            label="Port"
            placeholder={f.type === 'tls' ? '443' : '5432'}
            required={f.type === 'tcp'}
            min={1}
            max={65_535}
            allowDecimal={false}
            w={110}
            value={f.port}
            error={err('target.port')}
            onChange={(v) => set({ port: numOrEmpty(v) })}
          />
        </Group>
      );
    case 'dns':
      return <TextInput label="Name to resolve" placeholder="example.com" required {...focus} value={f.dnsName} error={err('target.name')} onChange={(e) => set({ dnsName: e.currentTarget.value })} />;
    case 'heartbeat':
      return (
        <Group align="flex-start" gap="sm" grow>
          <Select
            label="The job pings every"
            allowDeselect={false}
            {...focus}
            data={durationOptions(PERIODS, f.periodS)}
            value={f.periodS === '' ? null : String(f.periodS)}
            error={err('target.period_s')}
            onChange={(v) => v && set({ periodS: Number(v) })}
          />
          <Select
            label="Grace (how late it may be)"
            allowDeselect={false}
            data={durationOptions(GRACES, f.graceS)}
            value={f.graceS === '' ? null : String(f.graceS)}
            error={err('target.grace_s')}
            onChange={(v) => v && set({ graceS: Number(v) })}
          />
        </Group>
      );
  }
}
