import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDetail, parseLink } from './cli-changes.js';

describe('tocsin change record options', () => {
  it('reads a link as a URL and optional words, repeatable', () => {
    expect(parseLink('https://ci.example.com/run/812 Build  812')).toEqual([{ href: 'https://ci.example.com/run/812', text: 'Build 812' }]);
    expect(parseLink(' http://x.test/a ', [{ href: 'https://y.test' }])).toEqual([{ href: 'https://y.test' }, { href: 'http://x.test/a' }]);
  });

  it('refuses a link that does not start with an http(s) URL', () => {
    expect(() => parseLink('Build 812 https://ci.example.com')).toThrow(InvalidArgumentError);
    expect(() => parseLink('ftp://ci.example.com')).toThrow(/does not start with an http\(s\) URL/);
    expect(() => parseLink('')).toThrow(InvalidArgumentError);
  });

  it('reads details as key=value, the value kept whole', () => {
    expect(parseDetail('commit=abc=1', parseDetail('version=4.2'))).toEqual({ version: '4.2', commit: 'abc=1' });
    expect(parseDetail('empty=')).toEqual({ empty: '' });
    expect(() => parseDetail('version')).toThrow(/is not key=value/);
    expect(() => parseDetail('=4.2')).toThrow(InvalidArgumentError);
  });
});
