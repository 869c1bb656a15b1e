import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { type FormPartProps, numOrEmpty } from './formFields';
import { HttpOptions } from './HttpOptions';

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'];

/** The options only one type of monitor has. */
export function TypeOptions(props: FormPartProps) {
  const { f, set, err } = props;
  switch (f.type) {
    case 'http':
      return <HttpOptions {...props} />;
    case 'dns':
      return (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select label="Record type" allowDeselect={false} data={RECORD_TYPES} value={f.recordType} error={err('target.record_type')} onChange={(v) => v && set({ recordType: v })} />
          <TextInput label="Resolver" description="IP[:port]; empty: the system's" placeholder="1.1.1.1" value={f.resolver} error={err('target.resolver')} onChange={(e) => set({ resolver: e.currentTarget.value })} />
          <TextInput label="Expected values" description="The answer must contain each (comma-separated)" placeholder="93.184.216.34" value={f.expected} error={err('target.expected')} onChange={(e) => set({ expected: e.currentTarget.value })} />
        </SimpleGrid>
      );
    case 'tls':
      return (
        <NumberInput
          label="Certificate warning (days)"
          description="Degraded this many days before the certificate expires (default 14)"
          placeholder="14"
          min={1}
          max={365}
          allowDecimal={false}
          value={f.certExpiryDays}
          error={err('target.cert_expiry_days')}
          onChange={(v) => set({ certExpiryDays: numOrEmpty(v) })}
        />
      );
    default:
      return null;
  }
}
