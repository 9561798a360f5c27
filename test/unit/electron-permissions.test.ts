/**
 * The window's permission decision, used by both Electron handlers (requests and checks):
 * fullscreen for the app's own top-level page, nothing else for anyone.
 */
import { describe, expect, it } from 'vitest';
import { mayUsePermission } from '../../electron/main/window/permissions';
import { APP_URL } from '../../shared/api/preload';

describe('window permissions', () => {
  it.each([
    ['fullscreen', APP_URL, true, true],
    // Checks name the origin rather than a page URL.
    ['fullscreen', 'archive://local', true, true],
    ['fullscreen', APP_URL, false, false],
    ['fullscreen', 'https://example.com/', true, false],
    ['fullscreen', 'archive://elsewhere/', true, false],
    ['media', APP_URL, true, false],
    ['clipboard-read', APP_URL, true, false],
    ['clipboard-sanitized-write', APP_URL, true, false],
    ['notifications', APP_URL, true, false],
    ['hid', APP_URL, true, false],
    ['serial', APP_URL, true, false],
    ['usb', APP_URL, true, false],
    ['openExternal', APP_URL, true, false],
    ['geolocation', 'file:///etc/passwd', true, false],
  ])('%s from %s (main frame: %s): %s', (permission, requester, isMainFrame, granted) => {
    expect(mayUsePermission({ permission, requester, isMainFrame })).toBe(granted);
  });
});
