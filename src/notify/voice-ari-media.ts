import type { PageContent } from './content.js';
import type { Utterance } from './voice-call-script.js';
import type { AriSettings } from './voice-settings.js';
import { MENU, SAID, summary } from './voice-words.js';

/**
 * The ARI media URIs for what the call script wants said. With a text-to-speech URL
 * (TOCSIN_ARI_TTS_URL, `{text}` replaced), Asterisk fetches the words as sound over HTTP
 * (`sound:http://...`); without one, recorded prompts named `<prefix><utterance>` are played and
 * the incident number is read by Asterisk itself (`number:42`), so a page still says which incident.
 */
export function mediaFor(s: Pick<AriSettings, 'ttsUrl' | 'soundPrefix'>, content: PageContent, say: Utterance): string[] {
  if (say === 'pause') return ['sound:silence/2'];
  if (s.ttsUrl) {
    const text = say === 'summary' ? summary(content) : say === 'menu' ? MENU : SAID[say];
    return [`sound:${s.ttsUrl.replace('{text}', encodeURIComponent(text))}`];
  }
  if (say !== 'summary') return [`${s.soundPrefix}${say}`];
  if (content.kind === 'verify') return [`${s.soundPrefix}code`, `digits:${content.code ?? ''}`];
  const number = content.incident ? [`number:${content.incident.number}`] : [];
  return [`${s.soundPrefix}${content.kind}`, ...number];
}
