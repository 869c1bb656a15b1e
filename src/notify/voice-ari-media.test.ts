import { describe, expect, it } from 'vitest';
import type { PageContent } from './content.js';
import { mediaFor } from './voice-ari-media.js';

const page: PageContent = {
  kind: 'page',
  subject: '[SEV-1] #42 Checkout is down',
  text: 'SEV-1 incident 42: Checkout is down.',
  incident: { id: 'inc_1', number: 42, title: 'Checkout is down', severity: 'SEV-1', status: 'triggered', url: 'u', services: [] },
};
const prompts = { ttsUrl: null, soundPrefix: 'sound:tocsin-' };
const tts = { ttsUrl: 'http://tts:5002/api/tts?text={text}', soundPrefix: 'sound:tocsin-' };

describe('ARI media for the call script', () => {
  it('with TTS: the words themselves, URL-encoded into the TTS URL', () => {
    expect(mediaFor(tts, page, 'summary')).toEqual([`sound:http://tts:5002/api/tts?text=${encodeURIComponent('Tocsin page. SEV-1 incident 42: Checkout is down.')}`]);
    expect(mediaFor(tts, page, 'menu')[0]).toContain(encodeURIComponent('Press 4 to acknowledge'));
    expect(mediaFor(tts, page, 'acknowledged')[0]).toContain(encodeURIComponent('Incident acknowledged.'));
  });

  it('without TTS: recorded prompts, and Asterisk reads the incident number or the code', () => {
    expect(mediaFor(prompts, page, 'summary')).toEqual(['sound:tocsin-page', 'number:42']);
    expect(mediaFor(prompts, page, 'menu')).toEqual(['sound:tocsin-menu']);
    expect(mediaFor(prompts, page, 'no-key')).toEqual(['sound:tocsin-no-key']);
    expect(mediaFor(prompts, { kind: 'verify', subject: '', text: '', code: '4821' }, 'summary')).toEqual(['sound:tocsin-code', 'digits:4821']);
    expect(mediaFor(prompts, { ...page, kind: 'test', incident: undefined }, 'summary')).toEqual(['sound:tocsin-test']);
  });

  it('a pause is silence either way', () => {
    expect(mediaFor(tts, page, 'pause')).toEqual(['sound:silence/2']);
    expect(mediaFor(prompts, page, 'pause')).toEqual(['sound:silence/2']);
  });
});
