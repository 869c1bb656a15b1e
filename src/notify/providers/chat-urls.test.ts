import { describe, expect, it } from 'vitest';
import { chatUrlProblem } from './chat-urls.js';

describe('chat webhook URLs', () => {
  it.each([
    ['slack', 'https://hooks.slack.com/services/T0/B0/XXXX'],
    ['slack', 'https://hooks.slack.com/triggers/T0/123/abc'],
    ['discord', 'https://discord.com/api/webhooks/123456/tok-en'],
    ['discord', 'https://discordapp.com/api/v10/webhooks/123456/tok'],
    ['teams', 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x'],
    ['teams', 'https://default0123.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc'],
    ['google_chat', 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t'],
    ['mattermost', 'https://chat.example.org/hooks/xyz'],
    ['mattermost', 'http://mattermost.internal:8065/hooks/xyz'],
  ] as const)('%s accepts %s', (format, url) => {
    expect(chatUrlProblem(format, url)).toBeNull();
  });

  it.each([
    ['slack', 'http://hooks.slack.com/services/T0/B0/X', /https/],
    ['slack', 'https://hooks.slack.com.evil.example/services/x', /not a slack incoming-webhook host/],
    ['slack', 'https://hooks.slack.com/api/chat.postMessage', /path/],
    ['discord', 'https://discord.com/channels/1/2', /path/],
    ['teams', 'https://evil.example/logic.azure.com', /host/],
    ['google_chat', 'https://chat.googleapis.com/v1/users/me', /path/],
    ['mattermost', 'ftp://chat.example.org/hooks/x', /https/],
    ['mattermost', 'https://user:pw@chat.example.org/hooks/x', /user name/],
    ['slack', 'not a url', /not a URL/],
  ] as const)('%s refuses %s', (format, url, why) => {
    expect(chatUrlProblem(format, url)).toMatch(why);
  });

  it('TOCSIN_CHAT_ANY_HOST lifts the host rules, not the scheme', () => {
    expect(chatUrlProblem('slack', 'http://127.0.0.1:9/hook', true)).toBeNull();
    expect(chatUrlProblem('slack', 'file:///etc/passwd', true)).toMatch(/https/);
  });
});
