import type { Kernel, BackgroundWorker } from '../core/module.js';
import { initialCall, stepCall, type CallEvent, type CallState, type CallStep } from './voice-call-script.js';
import { actOnKey } from './voice-answer.js';
import { mediaFor } from './voice-ari-media.js';
import { openEventStream, type EventStream } from './voice-ari-ws.js';
import { callProvider } from './voice-http.js';
import type { AriSettings } from './voice-settings.js';
import { findVoiceCall, type VoiceCall } from './voice-store.js';

/** The part of an ARI event this session reads (https://docs.asterisk.org/Latest_API/API_Documentation/Asterisk_REST_Interface/Asterisk_REST_Data_Models/). */
export interface AriEvent {
  type: string;
  args?: string[];
  digit?: string;
  channel?: { id: string };
  playback?: { id: string; target_uri?: string };
}

interface LiveCall {
  state: CallState;
  voice: VoiceCall | null;
  playbackId: string | null;
  plays: number;
}

export interface AriSession extends BackgroundWorker {
  /** One event, as the WebSocket delivers it (tests feed it directly). */
  handle(event: AriEvent): Promise<void>;
}

const REST_TIMEOUT_MS = 5_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * The conversation of the calls that ARI originated (providers/ari.ts): listens to the Stasis
 * application's events over ARI's WebSocket, runs each call's script (voice-call-script.ts) and
 * carries out its steps with ARI's REST calls (answer, play, stop, hang up) and actOnKey. A lost
 * connection is retried with backoff; a call in progress when it drops ends without acting.
 */
export function createAriSession(kernel: Kernel, settings: AriSettings, open = openEventStream): AriSession {
  const log = kernel.log.child({ component: 'voice-ari' });
  const calls = new Map<string, LiveCall>();
  /** Events of one channel are handled one after the other (acting on the incident takes a while). */
  const chains = new Map<string, Promise<void>>();
  let stream: EventStream | null = null;
  let running = false;
  let backoff = 1_000;
  let timer: NodeJS.Timeout | null = null;

  const rest = (method: 'POST' | 'DELETE', path: string) =>
    callProvider({ method, url: `${settings.url}/ari${path}`, auth: { user: settings.user, password: settings.password }, signal: AbortSignal.timeout(REST_TIMEOUT_MS), clock: kernel.clock }).catch((err: Error) =>
      log.warn({ path, err: err.message }, 'voice: ARI request failed'),
    );

  async function carryOut(channel: string, call: LiveCall, step: CallStep): Promise<void> {
    const ch = encodeURIComponent(channel);
    const about = { channel, message: call.voice?.id, incident: call.voice?.payload.content.incident?.id };
    switch (step.do) {
      case 'answer':
        return void (await rest('POST', `/channels/${ch}/answer`));
      case 'play': {
        call.playbackId = `tocsin-${channel}-${++call.plays}`;
        const media = step.say.flatMap((u) => mediaFor(settings, call.voice!.payload.content, u));
        return void (await rest('POST', `/channels/${ch}/play/${encodeURIComponent(call.playbackId)}?${new URLSearchParams({ media: media.join(',') }).toString()}`));
      }
      case 'stop':
        if (call.playbackId) await rest('DELETE', `/playbacks/${encodeURIComponent(call.playbackId)}`);
        call.playbackId = null;
        return;
      case 'hangup':
        return void (await rest('DELETE', `/channels/${ch}`));
      case 'note':
        return void log[step.level](about, `voice: ${step.text}`);
      case 'act': {
        const result = await actOnKey(kernel, call.voice!, step.action, log);
        return feed(channel, call, { type: 'Acted', action: step.action, result });
      }
    }
  }

  async function feed(channel: string, call: LiveCall, event: CallEvent): Promise<void> {
    const [next, steps] = stepCall(call.state, event);
    call.state = next;
    if (next.phase === 'ended') calls.delete(channel);
    for (const step of steps) await carryOut(channel, call, step);
  }

  /** Turns an ARI event into a script event for its call, or nothing (not ours, a stale playback). */
  async function toCallEvent(e: AriEvent, channel: string, call: LiveCall | undefined): Promise<CallEvent | null> {
    if (e.type === 'StasisStart') {
      if (call) return null;
      const voice = e.args?.[0] ? await findVoiceCall(kernel.db.kysely, e.args[0]).catch(() => undefined) : undefined;
      if (!voice) {
        log.warn({ channel, args: e.args }, 'voice: a call entered the Stasis app without a known voice message; hanging up');
        await rest('DELETE', `/channels/${encodeURIComponent(channel)}`);
        return null;
      }
      calls.set(channel, { state: initialCall(), voice, playbackId: null, plays: 0 });
      return { type: 'StasisStart' };
    }
    if (!call) return null;
    if (e.type === 'ChannelDtmfReceived' && e.digit) return { type: 'ChannelDtmfReceived', digit: e.digit };
    if (e.type === 'PlaybackFinished') return e.playback?.id === call.playbackId ? { type: 'PlaybackFinished' } : null;
    if (e.type === 'ChannelHangupRequest' || e.type === 'StasisEnd') return { type: e.type };
    return null;
  }

  async function handle(e: AriEvent): Promise<void> {
    const channel = e.channel?.id ?? e.playback?.target_uri?.replace(/^channel:/, '');
    if (!channel) return;
    const run = async () => {
      const event = await toCallEvent(e, channel, calls.get(channel));
      const call = calls.get(channel);
      if (event && call) await feed(channel, call, event);
    };
    const next = (chains.get(channel) ?? Promise.resolve())
      .then(run)
      .catch((err: Error) => log.error({ channel, err: err.message }, 'voice: ARI event failed'));
    chains.set(channel, next);
    await next;
    if (chains.get(channel) === next && !calls.has(channel)) chains.delete(channel);
  }

  function connect(): void {
    const url = `${settings.url.replace(/^http/, 'ws')}/ari/events?${new URLSearchParams({ app: settings.app }).toString()}`;
    const auth = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`;
    stream = open(url, { authorization: auth }, {
      onMessage: (text) => {
        backoff = 1_000;
        let event: AriEvent;
        try {
          event = JSON.parse(text) as AriEvent;
        } catch {
          return log.warn('voice: ARI sent an event that is not JSON');
        }
        void handle(event);
      },
      onClose: (reason) => {
        stream = null;
        if (!running) return;
        log.warn({ reason, retryInMs: backoff }, 'voice: ARI event stream lost; calls in progress cannot act until it is back');
        timer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
      },
    });
  }

  return {
    name: 'voice-ari-events',
    handle,
    start: () => {
      running = true;
      connect();
    },
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      stream?.close();
      await Promise.all(chains.values());
    },
  };
}
