import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { checkRunbookUrl, findDependencyCycle, toServiceJson, type Edge } from './model.js';

describe('runbook links', () => {
  it.each([
    ['https://runbooks.example/checkout', 'https://runbooks.example/checkout'],
    ['  http://wiki.local/a?b=c  ', 'http://wiki.local/a?b=c'],
    ['', null],
  ])('accepts %j', (raw, want) => expect(checkRunbookUrl(raw)).toBe(want));

  it('accepts null', () => expect(checkRunbookUrl(null)).toBeNull());

  it.each(['javascript:alert(1)', 'ftp://x.example/a', 'runbooks.example/a', 'file:///etc/passwd', 'not a url'])('refuses %j', (raw) => {
    expect(() => checkRunbookUrl(raw)).toThrow(ValidationError);
  });
});

describe('dependency cycles', () => {
  const e = (from: string, to: string): Edge => ({ from, to });

  it('finds self, direct and indirect cycles with their path', () => {
    expect(findDependencyCycle([], 'a', ['a'])).toEqual(['a', 'a']);
    expect(findDependencyCycle([e('b', 'a')], 'a', ['b'])).toEqual(['a', 'b', 'a']);
    expect(findDependencyCycle([e('b', 'c'), e('c', 'a')], 'a', ['b'])).toEqual(['a', 'b', 'c', 'a']);
  });

  it('allows diamonds and ignores the edges being replaced', () => {
    expect(findDependencyCycle([e('b', 'd'), e('c', 'd')], 'a', ['b', 'c'])).toBeNull();
    // a currently depends on b; replacing that with c is fine even though b → a would not be.
    expect(findDependencyCycle([e('a', 'b'), e('c', 'd')], 'a', ['c'])).toBeNull();
    expect(findDependencyCycle([], 'a', [])).toBeNull();
  });

  it('never lets a sequence of accepted changes build a cycle (property)', () => {
    const node = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(fc.array(fc.tuple(node, fc.array(node, { maxLength: 3 })), { maxLength: 30 }), (changes) => {
        let edges: Edge[] = [];
        for (const [svc, deps] of changes) {
          if (findDependencyCycle(edges, svc, deps)) continue;
          edges = [...edges.filter((x) => x.from !== svc), ...[...new Set(deps)].map((to) => e(svc, to))];
        }
        // Acyclic: repeatedly removing nodes without outgoing edges empties the graph.
        let left = edges;
        for (let i = 0; i < 6; i++) left = left.filter((x) => left.some((y) => y.from === x.to));
        expect(left).toEqual([]);
      }),
    );
  });
});

// Added for mutation testing (docs/testing.md).
describe('services model edges', () => {
  it('trims runbook links and names the field in its complaint', () => {
    expect(checkRunbookUrl('  https://wiki.example.com/run  ')).toBe('https://wiki.example.com/run');
    expect(checkRunbookUrl('   ')).toBeNull();
    expect(() => checkRunbookUrl('not a url')).toThrow('runbook_url must be an http(s) URL');
    expect(() => checkRunbookUrl('ftp://x.example.com/', 'link')).toThrow('link must be an http(s) URL');
  });

  it('shows a service with its links sorted', () => {
    expect(toServiceJson({ id: 'svc_1', name: 'api', description: '', owner_team_id: null, runbook_url: null, created_at: 0, updated_at: 1000 } as never, { expertIds: ['u2', 'u1'], dependencyIds: ['s3', 's2'] })).toEqual({
      id: 'svc_1', name: 'api', description: '', owner_team_id: null, runbook_url: null, expert_ids: ['u1', 'u2'], dependency_ids: ['s2', 's3'],
      created_at: '1970-01-01T00:00:00.000Z', updated_at: '1970-01-01T00:00:01.000Z',
    });
  });

  it('finds a cycle through the service itself and ignores its current dependencies', () => {
    expect(findDependencyCycle([], 'a', ['a'])).toEqual(['a', 'a']);
    // a's old edge a→b is replaced, so b→a alone is no cycle when a now depends on c.
    expect(findDependencyCycle([{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }], 'a', ['c'])).toBeNull();
    expect(findDependencyCycle([{ from: 'b', to: 'c' }, { from: 'c', to: 'a' }], 'a', ['b'])).toEqual(['a', 'b', 'c', 'a']);
    // A diamond visits d once and still finds nothing.
    expect(findDependencyCycle([{ from: 'b', to: 'd' }, { from: 'c', to: 'd' }], 'a', ['b', 'c'])).toBeNull();
  });
});

describe('dependency walk', () => {
  it('ends on a graph that already loops elsewhere', () => {
    const loop = [{ from: 'b', to: 'c' }, { from: 'c', to: 'b' }];
    expect(findDependencyCycle(loop, 'a', ['b'])).toBeNull();
  });
});
