import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { incidentChange } from './api';
import type { Incident } from './types';

// A lifecycle step from the incident page: the step is done when the server answers, and the
// page shows the answer then, while the other incident views still refresh.

const triggered = { id: 'inc_1', number: 1, status: 'triggered', allowed_actions: ['acknowledge', 'mitigate', 'resolve'] } as unknown as Incident;
const acknowledged = { ...triggered, status: 'acknowledged', allowed_actions: ['mitigate', 'resolve'] } as unknown as Incident;

function incidentPage() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const listReads: (() => void)[] = [];
  // The list refetches slowly (a busy server): each read answers only when the test says.
  const list = new QueryObserver(qc, {
    queryKey: ['incidents', 'list', {}],
    queryFn: () => new Promise<string[]>((resolve) => listReads.push(() => resolve(['inc_1']))),
  });
  const detailReads: Incident[] = [];
  const detail = new QueryObserver(qc, {
    queryKey: ['incidents', 'detail', '1'],
    queryFn: () => new Promise<Incident>((resolve) => setTimeout(() => resolve(detailReads.shift() ?? triggered), 5)),
  });
  const off = [list.subscribe(() => undefined), detail.subscribe(() => undefined)];
  return { qc, list, detail, listReads, detailReads, close: () => off.forEach((f) => f()) };
}

describe('an incident change', () => {
  it('is done when the server answers, with the answer shown at once, though the list is still refreshing', async () => {
    const page = incidentPage();
    await new Promise((r) => setTimeout(r, 20));
    page.listReads.splice(0).forEach((answer) => answer());
    expect(page.detail.getCurrentResult().data?.status).toBe('triggered');

    page.detailReads.push(acknowledged); // what the refresh after the step reads
    const step = new MutationObserver(page.qc, incidentChange(page.qc, async () => acknowledged));
    const done = step.mutate(undefined);
    const settled = await Promise.race([done.then(() => 'done'), new Promise((r) => setTimeout(() => r('still pending'), 200))]);
    expect(settled).toBe('done');
    expect(step.getCurrentResult().isPending).toBe(false);
    expect(page.detail.getCurrentResult().data?.allowed_actions).toEqual(['mitigate', 'resolve']);
    // The list's refresh was asked for and is still under way.
    expect(page.listReads).toHaveLength(1);
    expect(page.list.getCurrentResult().isFetching).toBe(true);
    page.listReads.splice(0).forEach((answer) => answer());
    page.close();
  });

  it('a note (not an incident) leaves the incident as it was until the refresh reads it', async () => {
    const page = incidentPage();
    await new Promise((r) => setTimeout(r, 20));
    page.listReads.splice(0).forEach((answer) => answer());
    const note = new MutationObserver(page.qc, incidentChange(page.qc, async () => ({ id: 'evt_1', kind: 'note' })));
    await note.mutate(undefined);
    expect(page.detail.getCurrentResult().data).toEqual(triggered);
    page.listReads.splice(0).forEach((answer) => answer());
    page.close();
  });
});
