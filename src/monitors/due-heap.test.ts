import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DueHeap } from './due-heap.js';

type Op = { kind: 'push'; due: number } | { kind: 'move'; pick: number; due: number } | { kind: 'remove'; pick: number } | { kind: 'pop' };

describe('due heap', () => {
  it('always yields the earliest due of what is in it, through pushes, moves and removals', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), due: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), due: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops: Op[]) => {
        const heap = new DueHeap<{ nextDue: number; heapIndex: number }>();
        const members: { nextDue: number; heapIndex: number }[] = [];
        for (const o of ops) {
          const m = o.kind === 'move' || o.kind === 'remove' ? members[o.pick % Math.max(1, members.length)] : undefined;
          if (o.kind === 'push') {
            const x = { nextDue: o.due, heapIndex: -1 };
            members.push(x);
            heap.push(x);
          } else if (o.kind === 'move' && m) {
            m.nextDue = o.due;
            heap.update(m);
          } else if ((o.kind === 'remove' && m) || o.kind === 'pop') {
            const x = m ?? heap.peek();
            if (!x) continue;
            heap.remove(x);
            members.splice(members.indexOf(x), 1);
            expect(x.heapIndex).toBe(-1);
          }
          expect(heap.size).toBe(members.length);
          expect(heap.peek()?.nextDue).toBe(members.length ? Math.min(...members.map((x) => x.nextDue)) : undefined);
        }
      }),
    );
  });
});
