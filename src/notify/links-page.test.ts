import { describe, expect, it } from 'vitest';
import { confirmPage, refusedPage, resultPage } from './links-page.js';

const incident = { number: 42, title: 'DB <b>down</b>', severity: 'SEV-2', status: 'triggered', url: 'https://t.example/incidents/42' };

describe('action link pages', () => {
  it('asks before acting: a POST form to the same address, one button, no script', () => {
    const html = confirmPage('acknowledge', incident);
    expect(html).toContain('<h1>Acknowledge incident #42?</h1>');
    expect(html).toMatch(/<form method="post"[^>]*><button type="submit">Acknowledge incident #42<\/button><\/form>/);
    expect(html).not.toMatch(/<form[^>]*action=/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!t\.example)/);
    expect(html).toContain('<html lang="en">');
  });

  it('escapes the incident title', () => {
    expect(confirmPage('resolve', incident)).toContain('DB &lt;b&gt;down&lt;/b&gt;');
    expect(resultPage('resolve', 'done', incident)).not.toContain('<b>down');
  });

  it('says who acted', () => {
    expect(resultPage('acknowledge', 'done', incident)).toContain('Acknowledged by you');
    expect(resultPage('acknowledge', 'already', incident)).toContain('Already acknowledged');
    expect(resultPage('resolve', 'done', incident)).toContain('Resolved by you');
    expect(resultPage('resolve', 'already', incident)).toContain('Already resolved');
  });

  it('refuses in words', () => {
    expect(refusedPage('This link has expired or was already used')).toContain('<h1 role="alert">This link has expired or was already used</h1>');
  });
});
