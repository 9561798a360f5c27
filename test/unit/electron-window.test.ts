/**
 * The editor window's security, asserted on the very objects electron/main/main.ts uses:
 * scheme privileges, web preferences, CSP, navigation and new-window decisions, the
 * IPC sender check, and what archive://local answers (editor pages carry the CSP,
 * archive routes go to the playback handler, other hosts get nothing).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import type { CustomScheme } from 'electron';
import { createAppProtocol, serveAppProtocol, unpackedPath } from '../../electron/main/window/app-protocol';
import { CONTENT_SECURITY_POLICY, cspDirectives } from '../../electron/node/protocol/page-policy';
import { decideWindowOpen, droppedPath, isTrustedSender, mayNavigate } from '../../electron/main/window/navigation';
import { DEFAULT_BOUNDS, restorableBounds, windowOptions } from '../../electron/main/window/options';
import { archiveArgument, userArguments } from '../../electron/main/window/launch';
import { APP_URL } from '../../shared/api/preload';
import { registerArchiveScheme, schemePrivileges } from '../../electron/main/window/scheme';
import { CHANNEL, HOUR, QUALITY, createTestArchive, fullRun, type TestArchive } from './protocol-archive';

describe('archive scheme', () => {
  it('is registered standard, secure, fetchable, CORS-enabled and streaming', () => {
    expect(schemePrivileges).toEqual([
      { scheme: 'archive', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
    ]);
  });

  it('is registered with exactly those privileges, and the app protocol answers it', async () => {
    // That main.ts does this before `ready` is only seen by the Electron smoke test (its
    // binary is not installable here): the calls themselves are checked on recording fakes.
    const registered: CustomScheme[][] = [];
    registerArchiveScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(schemes) });
    expect(registered).toEqual([schemePrivileges]);
    const handled: [string, (request: Request) => Promise<Response> | Response][] = [];
    const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-renderer-'));
    try {
      await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trimdesk</title>');
      serveAppProtocol(
        { handle: (scheme, handler) => void handled.push([scheme, handler]) },
        { media: async () => new Response('media'), rendererDir, log: () => undefined },
      );
      expect(handled.map(([scheme]) => scheme)).toEqual([schemePrivileges[0]!.scheme]);
      const page = await handled[0]![1](new Request(APP_URL));
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await (await handled[0]![1](new Request(`${APP_URL}playlist/c/q.m3u8`))).text()).toBe('media');
    } finally {
      await rm(rendererDir, { recursive: true, force: true });
    }
  });
});

describe('window options', () => {
  const options = windowOptions('/app/out/preload/preload.cjs', { width: 1280, height: 800 }, { devTools: false });

  it('isolate, sandbox and keep web security, with no Node in the page', () => {
    expect(options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/preload.cjs',
      devTools: false,
    });
  });

  it('keep developer tools out of release builds', () => {
    expect(options.webPreferences?.devTools).toBe(false);
  });
});

describe('content security policy', () => {
  it('runs only the app own scripts: no inline, eval or remote script', () => {
    expect(cspDirectives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(cspDirectives['default-src']).toEqual(["'none'"]);
  });

  it('plays media only from archive: and blob:, and connects only to the app', () => {
    expect(cspDirectives['media-src']).toEqual(["'self'", 'archive:', 'blob:']);
    expect(cspDirectives['connect-src']).toEqual(["'self'", 'archive:']);
    expect(cspDirectives['object-src']).toEqual(["'none'"]);
    expect(cspDirectives['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('navigation and new windows', () => {
  it.each([
    [APP_URL, true],
    ['archive://local/index.html?x=1', true],
    ['archive://elsewhere/', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('navigating to %s allowed: %s', (url, allowed) => {
    expect(mayNavigate(url)).toBe(allowed);
  });

  it.each([
    ['https://github.com/trimdesk', { action: 'deny', openExternally: 'https://github.com/trimdesk' }],
    ['http://example.com/', { action: 'deny' }],
    ['archive://local/', { action: 'deny' }],
    ['file:///tmp/x', { action: 'deny' }],
    ['javascript:alert(1)', { action: 'deny' }],
  ])('window.open(%s) is denied; only https goes to the browser', (url, decision) => {
    expect(decideWindowOpen(url)).toEqual(decision);
  });

  it('turns a folder dropped on the window into its path', () => {
    expect(droppedPath('file:///mnt/drive%20one/')).toBe('/mnt/drive one/');
    expect(droppedPath('https://example.com/')).toBeUndefined();
  });
});

describe('IPC sender check', () => {
  it.each([
    ['the app page', { url: 'archive://local/', parent: null }, true],
    ['the app page after a hash change', { url: 'archive://local/index.html#x', parent: null }, true],
    ['an iframe inside the app', { url: 'archive://local/', parent: {} }, false],
    ['another site', { url: 'https://evil.example/', parent: null }, false],
    ['another archive host', { url: 'archive://evil/', parent: null }, false],
    ['a file page', { url: 'file:///tmp/x.html', parent: null }, false],
    ['a destroyed frame', null, false],
  ])('%s: trusted %s', (_name, frame, trusted) => {
    expect(isTrustedSender(frame)).toBe(trusted);
  });
});

describe('archive://local', () => {
  let rendererDir: string;
  let archive: TestArchive;
  let open: Archive | undefined;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-renderer-'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trimdesk</title>');
    archive = await createTestArchive();
    await archive.writeSegments(HOUR, fullRun(0, 2, 'segment-bytes'));
    handler = createAppProtocol({ media: createProtocolHandler({ archive: () => open, log: () => undefined }), rendererDir, log: () => undefined });
  });
  afterAll(async () => {
    await rm(rendererDir, { recursive: true, force: true });
    await archive.remove();
  });

  it('serves the editor page with the CSP header', async () => {
    const response = await handler(new Request(APP_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Trimdesk</title>');
  });

  it('answers archive routes 404 while no archive is open, then from the open archive', async () => {
    const listing = `archive://local/files/${CHANNEL}/${QUALITY}`;
    open = undefined;
    expect((await handler(new Request(listing))).status).toBe(404);
    open = archive.archive;
    const response = await handler(new Request(listing));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([HOUR]);
  });

  it('serves nothing for another host of the scheme', async () => {
    expect((await handler(new Request('archive://evil/index.html'))).status).toBe(404);
  });

  it('refuses paths that leave the editor folder', async () => {
    for (const hostile of ['archive://local/..%2F..%2Fetc%2Fpasswd', 'archive://local/%2e%2e/secret']) {
      expect([403, 404]).toContain((await handler(new Request(hostile))).status);
    }
  });
});

describe('restoring the window', () => {
  const laptop = { x: 0, y: 0, width: 1280, height: 720 };
  const monitor = { x: 1280, y: 0, width: 2560, height: 1440 };

  it('opens where it was when a screen still shows it', () => {
    const saved = { x: 1400, y: 100, width: 1600, height: 900 };
    expect(restorableBounds(saved, [laptop, monitor])).toEqual(saved);
  });

  it('keeps only the size (fitted to the screens) when its monitor is gone', () => {
    expect(restorableBounds({ x: 1400, y: 100, width: 1600, height: 900 }, [laptop])).toEqual({ width: 1280, height: 720 });
  });

  it('does not restore a window with only a sliver on screen', () => {
    expect(restorableBounds({ x: 1250, y: 100, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
  });

  it('uses the default size the first time', () => {
    expect(restorableBounds(null, [laptop])).toEqual(DEFAULT_BOUNDS);
  });
});

describe('the archive on the command line', () => {
  it.each([
    [['/usr/bin/electron', '.'], false, undefined],
    [['/usr/bin/electron', '.', 'drive'], false, '/home/ed/drive'],
    [['/usr/bin/electron', '--no-sandbox', '--user-data-dir=/tmp/u', '/app', '/mnt/archive'], false, '/mnt/archive'],
    [['/usr/bin/electron', '--no-sandbox', '/app'], false, undefined],
    [['/opt/Trimdesk/trimdesk'], true, undefined],
    [['/opt/Trimdesk/trimdesk', '--enable-logging', '/mnt/archive'], true, '/mnt/archive'],
    [['/opt/Trimdesk/trimdesk', 'http://recorder-1:8000/'], true, 'http://recorder-1:8000/'],
  ])('%j (packaged %s) opens %s', (argv, packaged, archive) => {
    expect(archiveArgument(userArguments(argv, packaged), '/home/ed')).toBe(archive);
  });
});

describe('packaged editor files', () => {
  it.each([
    ['/opt/Trimdesk/resources/app.asar/out/renderer', '/opt/Trimdesk/resources/app.asar.unpacked/out/renderer'],
    ['C:\\Program Files\\Trimdesk\\resources\\app.asar\\out\\renderer', 'C:\\Program Files\\Trimdesk\\resources\\app.asar.unpacked\\out\\renderer'],
    ['/work/main/out/renderer', '/work/main/out/renderer'],
  ])('%s is read from %s', (packed, real) => {
    expect(unpackedPath(packed)).toBe(real);
  });
});
