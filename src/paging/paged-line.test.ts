import { describe, expect, it } from 'vitest';
import { whoIsPaged, type PagingGlance } from './paged-line.js';

type GlancePage = PagingGlance['pages'][number];
const note = (delivery: string) => ({ delivery });
const page = (extra: Partial<GlancePage> = {}): GlancePage => ({ user: { id: 'usr_1', name: 'Ada' }, created_at: '2026-01-05T09:00:00.000Z', acknowledged_at: null, notifications: [], ...extra });

describe('whoIsPaged', () => {
  const triggered = { status: 'triggered', severity: 'SEV-2' };
  const at = (m: number) => `2026-01-05T09:${String(m).padStart(2, '0')}:00.000Z`;
  const person = (id: string, name: string) => ({ id, name });
  const active = [{ state: 'active' as const }];

  it('names the people paged, newest first, each once, while the escalation pages', () => {
    const pages = [
      page({ user: person('u1', 'Ada'), created_at: at(0), notifications: [note('delivered')] }),
      page({ user: person('u2', 'Bo'), created_at: at(5), notifications: [note('sent')] }),
      page({ user: person('u1', 'Ada'), created_at: at(30), notifications: [note('pending')] }),
    ];
    expect(whoIsPaged({ escalations: active, pages }, triggered)).toEqual({ tone: 'paging', text: 'Paging Ada, Bo' });
    const more = [...pages, page({ user: person('u3', 'Cy'), created_at: at(31), notifications: [note('sent')] }), page({ user: person('u4', 'Di'), created_at: at(32), notifications: [note('sent')] })];
    expect(whoIsPaged({ escalations: active, pages: more }, triggered)?.text).toBe('Paging Di, Cy +2');
  });

  it('says first whom it cannot reach: no method, or every try failed', () => {
    const pages = [page({ user: person('u1', 'Ada'), created_at: at(0), notifications: [note('sent')] }), page({ user: person('u2', 'Bo'), created_at: at(5), notifications: [] })];
    expect(whoIsPaged({ escalations: active, pages }, triggered)).toEqual({ tone: 'unreachable', text: 'Cannot reach Bo' });
    const failed = [page({ user: person('u1', 'Ada'), notifications: [note('failed'), note('failed')] })];
    expect(whoIsPaged({ escalations: active, pages: failed }, triggered)).toEqual({ tone: 'unreachable', text: 'Cannot reach Ada' });
    // Mitigated: paging stopped, so it is no longer said in red.
    expect(whoIsPaged({ escalations: [{ state: 'done' }], pages }, { status: 'mitigated', severity: 'SEV-2' })).toEqual({ tone: 'answered', text: 'Paged Bo, Ada' });
    // One failed try with another still going is not lost yet.
    expect(whoIsPaged({ escalations: active, pages: [page({ notifications: [note('failed'), note('planned')] })] }, triggered)?.tone).toBe('paging');
  });

  it('names who acknowledged once a person did, with or without pages, but not on a reopened incident', () => {
    const acked = [page({ user: person('u1', 'Ada'), acknowledged_at: at(2), notifications: [note('sent')] }), page({ user: person('u2', 'Bo'), created_at: at(5), acknowledged_at: at(2) })];
    const byBo = { status: 'acknowledged', severity: 'SEV-2', acknowledged_by: { name: 'Bo' } };
    expect(whoIsPaged({ escalations: [{ state: 'acknowledged' }], pages: acked }, byBo)).toEqual({ tone: 'answered', text: 'Acknowledged by Bo' });
    // Acknowledged from the incident page of a service that pages nobody.
    expect(whoIsPaged({ escalations: [], pages: [] }, { ...byBo, status: 'mitigated' })).toEqual({ tone: 'answered', text: 'Acknowledged by Bo' });
    // Reopened: triggered again, the first acknowledgement kept for MTTA is not who is on it now.
    expect(whoIsPaged({ escalations: active, pages: [page({ notifications: [note('sent')] })] }, { ...byBo, status: 'triggered' })).toEqual({ tone: 'paging', text: 'Paging Ada' });
    expect(whoIsPaged({ escalations: [], pages: [] }, { ...byBo, status: 'triggered' })).toEqual({ tone: 'nobody', text: 'Nobody paged' });
    // The sender acknowledged (no person): who was paged, as before.
    expect(whoIsPaged({ escalations: [{ state: 'acknowledged' }], pages: acked }, { ...byBo, acknowledged_by: null })).toEqual({ tone: 'answered', text: 'Paged Bo, Ada' });
  });

  it('is answered once acknowledged (or the escalation is over), waits for business hours, and is empty when nobody was paged', () => {
    const acked = [page({ user: person('u1', 'Ada'), acknowledged_at: at(2), notifications: [] })];
    expect(whoIsPaged({ escalations: [{ state: 'acknowledged' }], pages: acked }, triggered)).toEqual({ tone: 'answered', text: 'Paged Ada' });
    expect(whoIsPaged({ escalations: [{ state: 'done' }], pages: [page({ notifications: [note('sent')] })] }, triggered)?.tone).toBe('answered');
    expect(whoIsPaged({ escalations: [{ state: 'waiting' }], pages: [] }, triggered)).toEqual({ tone: 'later', text: 'Pages in business hours' });
    expect(whoIsPaged({ escalations: [], pages: [] }, { status: 'acknowledged', severity: 'SEV-1' })).toBeNull();
    expect(whoIsPaged({ escalations: [], pages: [] }, { status: 'triggered', severity: 'SEV-4' })).toBeNull();
  });

  it('says so when a triggered incident paged nobody at all (no escalation policy)', () => {
    expect(whoIsPaged({ escalations: [], pages: [] }, triggered)).toEqual({ tone: 'nobody', text: 'Nobody paged' });
    // An escalation that ran out without a page (every tier a gap) is on the incident page, not here.
    expect(whoIsPaged({ escalations: [{ state: 'done' }], pages: [] }, triggered)).toBeNull();
  });
});
