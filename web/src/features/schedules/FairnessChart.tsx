import { Anchor, Group, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { API_BASE, query } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useOnCallReport } from './api';
import type { OnCallReport } from './types';

const DAY = 86_400_000;

type Item = OnCallReport['items'][number];

/** The pay split, in the order the bars stack; colours from Mantine's palette. */
const CATEGORIES = [
  { key: 'business_hours', label: 'Business', color: 'var(--mantine-color-blue-6)' },
  { key: 'after_hours', label: 'After hours', color: 'var(--mantine-color-violet-8)' },
  { key: 'weekend_pay_hours', label: 'Weekend', color: 'var(--mantine-color-orange-6)' },
  { key: 'holiday_hours', label: 'Holiday', color: 'var(--mantine-color-red-8)' },
] as const satisfies ReadonlyArray<{ key: keyof Item; label: string; color: string }>;

/** YYYY-MM-DD of a local day, and back to its local midnight. */
const dayOf = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const midnight = (day: string) => new Date(`${day}T00:00`).getTime();

const ROW = 26;
const LABEL = 120;
const WIDTH = 480;

/** Stacked bars, one per person: the picture; the table below says the same in numbers. */
function Bars({ items }: { items: Item[] }) {
  const most = Math.max(1, ...items.map((i) => i.hours));
  const scale = (WIDTH - LABEL - 50) / most;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${items.length * ROW}`} width="100%" style={{ minWidth: WIDTH, maxWidth: 1.5 * WIDTH, display: 'block' }} role="img" aria-label="Hours on call per person, split into business, after-hours, weekend and holiday (the table below has the numbers)">
      {items.map((item, row) => {
        let x = LABEL;
        return (
          <g key={item.user_id} transform={`translate(0 ${row * ROW})`}>
            <text x={LABEL - 8} y={ROW / 2 + 4} textAnchor="end" fontSize={12} fill="currentColor">
              {(item.user_name ?? item.user_id).slice(0, 16)}
            </text>
            {CATEGORIES.map((c) => {
              const w = item[c.key] * scale;
              const rect = <rect key={c.key} x={x} y={4} width={w} height={ROW - 8} fill={c.color} />;
              x += w;
              return rect;
            })}
            <text x={x + 6} y={ROW / 2 + 4} fontSize={12} fill="currentColor">
              {Math.round(item.hours)} h
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const hours = (n: number) => n.toFixed(1);
const payOf = (i: Item) => (i.pay.length ? i.pay.map((p) => `${p.total.toFixed(2)} ${p.currency}`).join(' + ') : '–');

/**
 * Who carried the pager (the seed's "burnt-out on-call engineers"): per person over a range,
 * hours on call split business / after-hours / weekend / holiday in their own zone, as bars and
 * as a table, with the pay report's CSV.
 */
export function FairnessChart() {
  const [to, setTo] = useState(() => dayOf(Date.now()));
  const [from, setFrom] = useState(() => dayOf(Date.now() - 29 * DAY));
  const fromMs = midnight(from);
  const toMs = midnight(to) + DAY;
  const valid = Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs;
  const report = useOnCallReport(valid ? fromMs : 0, valid ? toMs : DAY, valid);
  const items = report.data?.items ?? [];
  const range = valid ? query({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() }) : '';
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          On-call load and pay
        </Title>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To (inclusive)" value={to} error={valid ? undefined : 'Must be on or after From'} onChange={(e) => setTo(e.currentTarget.value)} />
          {valid && (
            <Anchor href={`${API_BASE}/reports/on-call.csv${range}`} download="on-call-report.csv" size="sm" pb={8}>
              Download CSV
            </Anchor>
          )}
        </Group>
        <ErrorAlert error={report.error} title="Could not load the report" />
        {items.length === 0 && !report.isPending && (
          <Text size="sm" c="dimmed">
            Nobody was on call in this range.
          </Text>
        )}
        {items.length > 0 && (
          <>
            <Group gap="md" aria-hidden>
              {CATEGORIES.map((c) => (
                <Group key={c.key} gap={4}>
                  <span style={{ width: 12, height: 12, background: c.color, display: 'inline-block', borderRadius: 2 }} />
                  <Text size="xs">{c.label}</Text>
                </Group>
              ))}
            </Group>
            {/* Scrolled sideways on a phone: focusable, so a keyboard can scroll it too. */}
            <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': 'On-call hours per person, by kind' }}>
              <Bars items={items} />
            </ScrollArea>
            <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': 'On-call hours and pay per person, table' }}>
              <Table striped withTableBorder fz="sm" aria-label="On-call hours and pay per person">
                <Table.Thead>
                  <Table.Tr>
                    {['Person', 'Hours', 'Nights', 'Weekends', ...CATEGORIES.map((c) => c.label), 'Incidents led', 'Pay'].map((h) => (
                      <Table.Th key={h}>{h}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr key={i.user_id}>
                      <Table.Td>{i.user_name ?? i.user_id}</Table.Td>
                      <Table.Td>{hours(i.hours)}</Table.Td>
                      <Table.Td>{hours(i.night_hours)}</Table.Td>
                      <Table.Td>{hours(i.weekend_hours)}</Table.Td>
                      {CATEGORIES.map((c) => (
                        <Table.Td key={c.key}>{hours(i[c.key])}</Table.Td>
                      ))}
                      <Table.Td>{i.incidents_led}</Table.Td>
                      <Table.Td>{payOf(i)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Text size="xs" c="dimmed">
              Nights and weekends are counted in each person’s own time zone; holidays are each schedule’s. Pages count every page received; after hours is outside 09:00–17:00 on weekdays in the person’s zone.
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
