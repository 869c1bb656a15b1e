import { describe, expect, it } from 'vitest';
import type { PageContent } from '../content.js';
import { escapeHtml, renderEmail } from './email-render.js';

const incident = {
  id: 'inc_1',
  number: 42,
  title: 'Checkout <script>alert(1)</script> & "down"',
  severity: 'SEV-1',
  status: 'triggered',
  url: 'https://tocsin.example/incidents/42',
  services: ['checkout', 'pay<ments>'],
};

const page: PageContent = {
  kind: 'page',
  subject: '[SEV-1] #42 Checkout is down',
  text: 'Checkout is down since 03:12 UTC.',
  incident,
  ackUrl: 'https://tocsin.example/act/ACK_TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  resolveUrl: 'https://tocsin.example/act/RES_TOKEN_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
};

describe('renderEmail', () => {
  it('escapes everything an incident brings into the HTML body', () => {
    const { html } = renderEmail(page);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Checkout &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;down&quot;');
    expect(html).toContain('pay&lt;ments&gt;');
  });

  it('shows severity, number, title, services and the incident link in both bodies', () => {
    const { text, html } = renderEmail(page);
    for (const body of [text, html]) {
      expect(body).toContain('SEV-1');
      expect(body).toContain('#42');
      expect(body).toContain('https://tocsin.example/incidents/42');
    }
    expect(text).toContain('Services: checkout, pay<ments>');
    expect(text).toContain(incident.title); // plain text is not HTML: no entities there
  });

  it('gives a page big Acknowledge and Resolve links', () => {
    const { text, html } = renderEmail(page);
    expect(text).toContain(`Acknowledge: ${page.ackUrl}`);
    expect(text).toContain(`Resolve: ${page.resolveUrl}`);
    expect(html).toMatch(new RegExp(`<a href="${page.ackUrl}"[^>]*>Acknowledge</a>`));
    expect(html).toMatch(new RegExp(`<a href="${page.resolveUrl}"[^>]*>Resolve</a>`));
  });

  it('shows no action links on a notice, even when links are present', () => {
    const { text, html } = renderEmail({ ...page, kind: 'notice' });
    expect(text).not.toContain('Acknowledge:');
    expect(html).not.toContain('>Acknowledge</a>');
  });

  it('shows the code of a verification message', () => {
    const { text, html } = renderEmail({ kind: 'verify', subject: 'Your Tocsin code', text: 'Type this code in Tocsin.', code: '482913' });
    expect(text).toContain('Your verification code: 482913');
    expect(html).toContain('>482913</p>');
    expect(html).not.toContain('Acknowledge');
  });

  it('says a test page is a test', () => {
    const { text, html } = renderEmail({ kind: 'test', subject: 'Tocsin test page', text: '' });
    expect(text).toMatch(/This is a test page/);
    expect(html).toMatch(/This is a test page/);
  });

  it('keeps the subject on one line', () => {
    expect(renderEmail({ ...page, subject: 'a\r\nBcc: evil@example.com' }).subject).toBe('a Bcc: evil@example.com');
  });

  it('escapes quotes so an attribute cannot be closed', () => {
    expect(escapeHtml(`"><img src=x onerror='1'>`)).toBe('&quot;&gt;&lt;img src=x onerror=&#39;1&#39;&gt;');
  });
});
