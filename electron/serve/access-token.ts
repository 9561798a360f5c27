/**
 * Off loopback, anyone on the network (and a DNS-rebinding web page, whose requests look
 * same-origin once its name points here) could call the API or make the server encode.
 * There the API and the work routes need the access token printed at start: sent as the
 * cookie the editor page gets when opened with `?token=`, or as `Authorization: Bearer`
 * (scripts, `ffmpeg -headers`).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiReply } from '../../shared/api/contract';
import { textResponse } from '../node/protocol/http-error';

export const TOKEN_PARAMETER = 'token';

export class AccessToken {
  readonly value = randomBytes(24).toString('base64url');

  /** Cookies ignore ports: two servers on one machine must not overwrite each other's. */
  constructor(private readonly port: () => number) {}

  get cookieName(): string {
    return `trimdesk-token-${this.port()}`;
  }

  matches(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate);
    const expected = Buffer.from(this.value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** True when the request carries the token (cookie or bearer header). */
  presentedBy(headers: IncomingHttpHeaders): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    return this.matches(bearer) || this.matches(cookieValue(headers.cookie, this.cookieName));
  }

  /**
   * The reply to the editor opened with `?token=`: the cookie, and a redirect to the same
   * page without the token so it does not stay in the address bar or in Referer headers.
   */
  signIn(url: URL): Response {
    if (!this.matches(url.searchParams.get(TOKEN_PARAMETER) ?? undefined)) {
      return textResponse(401, 'Wrong access token: open the URL trimdesk serve printed at start, token included.');
    }
    const target = new URL(url);
    target.searchParams.delete(TOKEN_PARAMETER);
    return new Response(null, {
      status: 303,
      headers: {
        Location: `${target.pathname}${target.search}`,
        'Set-Cookie': `${this.cookieName}=${this.value}; Path=/; HttpOnly; SameSite=Strict`,
        'Cache-Control': 'no-store',
      },
    });
  }
}

const TOKEN_REQUIRED =
  'This Trimdesk server needs its access token: open the URL trimdesk serve printed at start (it ends in ?token=...), or send Authorization: Bearer <token>.';

/** The 401 for a request without the token; API calls get the API's envelope, so the editor shows the message. */
export function tokenRequired(forApi: boolean): Response {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="trimdesk"' };
  if (!forApi) return textResponse(401, TOKEN_REQUIRED, challenge);
  const reply: ApiReply<never> = { ok: false, error: { kind: 'forbidden', message: TOKEN_REQUIRED } };
  return new Response(JSON.stringify(reply), {
    status: 401,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...challenge },
  });
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
