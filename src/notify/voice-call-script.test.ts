import { describe, expect, it } from 'vitest';
import { initialCall, stepCall, type CallEvent, type CallState, type CallStep } from './voice-call-script.js';

/** Runs events from the start; returns the final state and every step, in order. */
function run(...events: CallEvent[]): { state: CallState; steps: CallStep[] } {
  let state = initialCall();
  const steps: CallStep[] = [];
  for (const e of events) {
    const [next, out] = stepCall(state, e);
    state = next;
    steps.push(...out);
  }
  return { state, steps };
}

const start: CallEvent = { type: 'StasisStart' };
const key = (digit: string): CallEvent => ({ type: 'ChannelDtmfReceived', digit });
const played: CallEvent = { type: 'PlaybackFinished' };
const hangup: CallEvent = { type: 'ChannelHangupRequest' };
const acted = (outcome: 'done' | 'already' | 'test' | 'refused', action: 'acknowledge' | 'resolve' = 'acknowledge'): CallEvent => ({ type: 'Acted', action, result: { outcome } });

describe('ARI call script', () => {
  it('answered: answers, says the summary and the menu', () => {
    expect(run(start)).toEqual({ state: { phase: 'menu', rounds: 1, acted: null }, steps: [{ do: 'answer' }, { do: 'play', say: ['summary', 'menu'] }] });
  });

  it('4 stops the playback and acknowledges; the outcome is said, then the call hangs up', () => {
    const { steps, state } = run(start, key('4'), acted('done'), played);
    expect(steps.slice(2)).toEqual([
      { do: 'stop' },
      { do: 'act', action: 'acknowledge' },
      { do: 'note', level: 'info', text: 'key press: acknowledge → done' },
      { do: 'play', say: ['acknowledged'] },
      { do: 'hangup' },
    ]);
    expect(state).toEqual({ phase: 'ended', rounds: 1, acted: 'acknowledge' });
  });

  it('6 resolves', () => {
    const { steps } = run(start, key('6'), acted('done', 'resolve'));
    expect(steps).toContainEqual({ do: 'act', action: 'resolve' });
    expect(steps.at(-1)).toEqual({ do: 'play', say: ['resolved'] });
  });

  it('already handled, refused, test: each is said', () => {
    expect(run(start, key('4'), acted('already')).steps.at(-1)).toEqual({ do: 'play', say: ['already'] });
    expect(run(start, key('4'), acted('test')).steps.at(-1)).toEqual({ do: 'play', say: ['test'] });
    const refused = run(start, key('4'), acted('refused')).steps;
    expect(refused.at(-1)).toEqual({ do: 'play', say: ['refused'] });
    expect(refused).toContainEqual({ do: 'note', level: 'warn', text: 'key press: acknowledge → refused' });
  });

  it('1 or any other key says it all again and acts on nothing', () => {
    for (const d of ['1', '0', '#', '9']) {
      const { steps, state } = run(start, key(d));
      expect(steps.slice(2)).toEqual([{ do: 'stop' }, { do: 'play', say: ['summary', 'menu'] }]);
      expect(state.rounds).toBe(2);
      expect(steps.some((s) => s.do === 'act')).toBe(false);
    }
  });

  it('keys while acting or saying goodbye are ignored: the first answer stands', () => {
    const { steps } = run(start, key('4'), key('6'), acted('done'), key('6'));
    expect(steps.filter((s) => s.do === 'act')).toEqual([{ do: 'act', action: 'acknowledge' }]);
  });

  it('no key: the menu comes round three times after a pause, then the page stays open and the call ends', () => {
    const { steps, state } = run(start, played, played, played, played);
    expect(steps.filter((s) => s.do === 'play')).toEqual([
      { do: 'play', say: ['summary', 'menu'] },
      { do: 'play', say: ['pause', 'summary', 'menu'] },
      { do: 'play', say: ['pause', 'summary', 'menu'] },
      { do: 'play', say: ['no-key'] },
    ]);
    expect(steps).toContainEqual({ do: 'note', level: 'warn', text: 'no key pressed; the page stays open' });
    expect(steps.at(-1)).toEqual({ do: 'hangup' });
    expect(state.phase).toBe('ended');
    expect(state.acted).toBeNull();
  });

  it('a key held down (or a machine playing tones) cannot loop for ever', () => {
    const { steps, state } = run(start, ...Array.from({ length: 20 }, () => key('1')));
    expect(steps.filter((s) => s.do === 'play').length).toBeLessThanOrEqual(8);
    expect(state.phase).toBe('closing');
  });

  it('hanging up before a key is noted; after acting it is not; events after the end change nothing', () => {
    expect(run(start, hangup).steps.at(-1)).toEqual({ do: 'note', level: 'warn', text: 'hung up without pressing 4 or 6; the page stays open' });
    expect(run(start, key('4'), hangup).steps.some((s) => s.do === 'note')).toBe(false);
    const ended = run(start, hangup).state;
    expect(stepCall(ended, key('4'))).toEqual([ended, []]);
    expect(stepCall(ended, start)).toEqual([ended, []]);
  });

  it('a second StasisStart does not answer twice', () => {
    expect(run(start, start).steps.filter((s) => s.do === 'answer')).toHaveLength(1);
  });
});
