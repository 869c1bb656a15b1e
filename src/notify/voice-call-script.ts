import type { PageActionKind } from './actions.js';
import type { KeyOutcome } from './voice-answer.js';
import { digitAction, MENU_ROUNDS } from './voice-twiml.js';

// The conversation of an Asterisk (ARI) call as a pure state machine: ARI events in, what to do
// out (answer, play, act on the incident, hang up). voice-ari-session.ts feeds it the WebSocket's
// events and carries out its steps; this file decides, and its tests pin every branch.

/** What the caller hears; media for each comes from voice-ari-media.ts (TTS or recorded prompts). */
export type Utterance = 'summary' | 'menu' | 'pause' | 'acknowledged' | 'resolved' | 'already' | 'test' | 'refused' | 'no-key' | 'goodbye';

export type CallEvent =
  | { type: 'StasisStart' }
  | { type: 'ChannelDtmfReceived'; digit: string }
  | { type: 'PlaybackFinished' }
  /** The answer to an `act` step (actOnKey's outcome). */
  | { type: 'Acted'; action: PageActionKind; result: KeyOutcome }
  | { type: 'ChannelHangupRequest' }
  | { type: 'StasisEnd' };

export type CallStep =
  | { do: 'answer' }
  | { do: 'play'; say: Utterance[] }
  /** Stop what is playing: a key pressed mid-sentence is answered at once. */
  | { do: 'stop' }
  | { do: 'act'; action: PageActionKind }
  | { do: 'hangup' }
  | { do: 'note'; level: 'info' | 'warn'; text: string };

export interface CallState {
  /** ringing → menu (saying, listening) → acting (waiting for actOnKey) → closing (last words) → ended. */
  phase: 'ringing' | 'menu' | 'acting' | 'closing' | 'ended';
  /** Rounds of summary + menu said so far. */
  rounds: number;
  acted: PageActionKind | null;
}

export const initialCall = (): CallState => ({ phase: 'ringing', rounds: 0, acted: null });

/** More rounds than this (keys other than 4/6 included) and the call ends: a stuck key must not loop forever. */
const MAX_ROUNDS = MENU_ROUNDS + 3;

const ACTED: Record<KeyOutcome['outcome'], (a: PageActionKind) => Utterance> = {
  done: (a) => (a === 'acknowledge' ? 'acknowledged' : 'resolved'),
  already: () => 'already',
  test: () => 'test',
  refused: () => 'refused',
};

function onDigit(s: CallState, digit: string): [CallState, CallStep[]] {
  const action = digitAction(digit);
  if (action !== 'repeat') return [{ ...s, phase: 'acting' }, [{ do: 'stop' }, { do: 'act', action }]];
  if (s.rounds >= MAX_ROUNDS) return [{ ...s, phase: 'closing' }, [{ do: 'stop' }, { do: 'play', say: ['goodbye'] }]];
  return [{ ...s, rounds: s.rounds + 1 }, [{ do: 'stop' }, { do: 'play', say: ['summary', 'menu'] }]];
}

function onPlaybackFinished(s: CallState): [CallState, CallStep[]] {
  if (s.phase === 'closing') return [{ ...s, phase: 'ended' }, [{ do: 'hangup' }]];
  if (s.phase !== 'menu') return [s, []];
  if (s.rounds >= MENU_ROUNDS) {
    return [{ ...s, phase: 'closing' }, [{ do: 'play', say: ['no-key'] }, { do: 'note', level: 'warn', text: 'no key pressed; the page stays open' }]];
  }
  // A pause gives time to press; the next round follows it.
  return [{ ...s, rounds: s.rounds + 1 }, [{ do: 'play', say: ['pause', 'summary', 'menu'] }]];
}

/** One event in, the next state and the steps to carry out, in order. Events after the end change nothing. */
export function stepCall(s: CallState, e: CallEvent): [CallState, CallStep[]] {
  if (s.phase === 'ended') return [s, []];
  switch (e.type) {
    case 'StasisStart':
      if (s.phase !== 'ringing') return [s, []];
      return [{ ...s, phase: 'menu', rounds: 1 }, [{ do: 'answer' }, { do: 'play', say: ['summary', 'menu'] }]];
    case 'ChannelDtmfReceived':
      // Keys while acting or saying goodbye are ignored: the first answer stands.
      return s.phase === 'menu' ? onDigit(s, e.digit) : [s, []];
    case 'PlaybackFinished':
      return onPlaybackFinished(s);
    case 'Acted': {
      if (s.phase !== 'acting') return [s, []];
      const level = e.result.outcome === 'refused' ? 'warn' : 'info';
      return [{ ...s, phase: 'closing', acted: e.action }, [{ do: 'note', level, text: `key press: ${e.action} → ${e.result.outcome}` }, { do: 'play', say: [ACTED[e.result.outcome](e.action)] }]];
    }
    case 'ChannelHangupRequest':
    case 'StasisEnd': {
      const steps: CallStep[] = s.acted || s.phase === 'acting' ? [] : [{ do: 'note', level: 'warn', text: 'hung up without pressing 4 or 6; the page stays open' }];
      return [{ ...s, phase: 'ended' }, steps];
    }
  }
}
