import { Group, NumberInput, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { AssertionsField } from './AssertionsField';
import { type FormPartProps, numOrEmpty } from './formFields';
import { HeadersField } from './HeadersField';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** What an HTTP check sends and what answer counts as up. */
export function HttpOptions({ f, set, err }: FormPartProps) {
  const https = /^https:/i.test(f.url.trim()) || !/^http:/i.test(f.url.trim());
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select label="Method" allowDeselect={false} data={METHODS} value={f.method} error={err('target.method')} onChange={(v) => v && set({ method: v })} />
        <TextInput
          label="Expected status"
          description="Codes or ranges, comma-separated"
          placeholder="200-299"
          value={f.expectedStatus}
          error={err('target.expected_status')}
          onChange={(e) => set({ expectedStatus: e.currentTarget.value })}
        />
        <NumberInput
          label="Degraded when slower than (ms)"
          description="Empty: speed never degrades it"
          min={1}
          max={60_000}
          allowDecimal={false}
          value={f.degradedAfterMs}
          error={err('target.degraded_after_ms')}
          onChange={(v) => set({ degradedAfterMs: numOrEmpty(v) })}
        />
        <NumberInput
          label="Certificate warning (days)"
          description={https ? 'Degraded this many days before it expires (default 14)' : 'For https:// addresses'}
          placeholder={https ? '14' : undefined}
          min={1}
          max={365}
          allowDecimal={false}
          value={f.certExpiryDays}
          error={err('target.cert_expiry_days')}
          onChange={(v) => set({ certExpiryDays: numOrEmpty(v) })}
        />
      </SimpleGrid>
      <Group>
        <Switch label="Follow redirects" checked={f.followRedirects} onChange={(e) => set({ followRedirects: e.currentTarget.checked })} />
      </Group>
      <HeadersField value={f.headers} onChange={(headers) => set({ headers })} error={err('target.headers')} />
      <AssertionsField value={f.assertions} onChange={(assertions) => set({ assertions })} errorAt={(i) => err(`target.assertions[${i}]`)} />
    </>
  );
}
