import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './log.js';

describe('what the logs keep of a request URL', () => {
  it.each([
    ['/act/tok_abcdef0123?x=1', '/act/…?x=1'],
    ['/api/v1/invitations/inv_secret/accept', '/api/v1/invitations/…/accept'],
    ['/ping/6f1c2b0e-1111-4222-8333-944445555666/fail', '/ping/…/fail'],
    ['/integrations/alertmanager/key_123', '/integrations/alertmanager/…'],
    ['/integrations/webhook/key_123?debug=1', '/integrations/webhook/…?debug=1'],
    ['/calendar/users/s3cret.ics', '/calendar/users/…'],
    ['/notify/sms-gateway/inbound?token=abc&from=%2B44', '/notify/sms-gateway/inbound?token=…&from=%2B44'],
    ['/notify/vonage/sms?msisdn=44&sig=ABC&api-key=k1', '/notify/vonage/sms?msisdn=44&sig=…&api-key=…'],
    ['/api/v1/incidents?status=open', '/api/v1/incidents?status=open'],
    ['/api/v1/services/svc_1/integration-keys/ik_1', '/api/v1/services/svc_1/integration-keys/ik_1'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('the server’s "incoming request" line carries the redacted URL', async () => {
    const lines: string[] = [];
    const app = Fastify({ loggerInstance: createLogger('info', {}, { write: (line: string) => void lines.push(line) }) });
    app.get('/act/:token', async () => 'ok');
    await app.inject({ method: 'GET', url: '/act/the-credential?via=email' });
    await app.close();
    const incoming = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string; method: string } }).find((l) => l.msg === 'incoming request');
    expect(incoming?.req).toMatchObject({ method: 'GET', url: '/act/…?via=email' });
    expect(lines.join('\n')).not.toContain('the-credential');
  });
});
