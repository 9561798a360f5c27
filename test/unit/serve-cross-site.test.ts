/**
 * Which requests browser mode treats as made by a page of another site, header by header
 * (the real-browser version is test/e2e/serve-cross-site.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from '../../electron/serve/cross-site';

const HOST = '127.0.0.1:8080';

describe('crossSiteRefusal', () => {
  it.each([
    [{}, undefined],
    [{ 'sec-fetch-site': 'same-origin' }, undefined],
    [{ 'sec-fetch-site': 'none' }, undefined],
    [{ 'sec-fetch-site': 'same-site' }, 'a same-site request'],
    [{ 'sec-fetch-site': 'cross-site' }, 'a cross-site request'],
    // Sec-Fetch-Site wins: a same-origin request may still carry an Origin header.
    [{ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:8080' }, undefined],
    [{ origin: 'http://127.0.0.1:8080' }, undefined],
    [{ origin: 'http://127.0.0.1:9090' }, 'a page from http://127.0.0.1:9090'],
    [{ origin: 'null' }, 'a page from null'],
    [{ referer: 'http://127.0.0.1:8080/index.html' }, undefined],
    [{ referer: 'https://evil.example/probe.html?x=1' }, 'a page from https://evil.example'],
    [{ referer: 'not a url' }, 'a page from "not a url"'],
  ])('%o: %s', (headers, refusal) => {
    expect(crossSiteRefusal(headers, HOST)).toBe(refusal);
  });
});
