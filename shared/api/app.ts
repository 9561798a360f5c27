/**
 * API methods of the application around the editor: which build and which ffmpeg run,
 * settings, recent archives, opening an archive, and the native dialogs. The desktop app
 * answers them with Electron (dialogs, the user data folder); browser mode, which serves
 * exactly one archive, answers with what it can (see electron/node/api/app-handlers.ts).
 */
import './no-eval';
import { z } from 'zod';
import { isTimeZone } from '../timeformat';
import type { MethodSpec } from './contract';
import { isoInstantText } from './codecs';

export const timeFormatSchema = z.enum(['utc', 'local', 'bus']);

/** What the user sets once and keeps: remembered in the user data folder (desktop). */
export const settingsSchema = z.object({
  /** An ffmpeg binary chosen by the user; null: PATH, then the one bundled with the app. */
  ffmpegPath: z.string().min(1).nullable(),
  timeFormat: timeFormatSchema,
  /** IANA zone for the local clock; null: the system's. Checked: the editor formats every time with it. */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone this system knows, like UTC or Europe/Berlin').nullable(),
  /** The instant "bus time" counts from; null until the user sets it. */
  eventStart: isoInstantText.nullable(),
  /** Size limit of the cache of segments fetched from recorder nodes (MiB; least recently used dropped first). */
  nodeCacheMegabytes: z.number().int().min(64).max(1_048_576).default(4096),
});

export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { ffmpegPath: null, timeFormat: 'utc', timeZone: null, eventStart: null, nodeCacheMegabytes: 4096 };

export const ffmpegSourceSchema = z.enum(['settings', 'environment', 'path', 'bundled']);

export const ffmpegInfoSchema = z.object({
  /** The binary in use, or null when none was found. */
  path: z.string().nullable(),
  /** Why that one: the setting, FFMPEG_PATH, PATH, or the copy bundled with the app. */
  source: ffmpegSourceSchema.nullable(),
  version: z.string().nullable(),
  /** Encoders and filters exports rely on, and whether this ffmpeg has each. */
  features: z.array(z.object({ name: z.string(), available: z.boolean(), neededFor: z.string() })),
  /** What is wrong and how to fix it, when ffmpeg is missing or unusable. */
  problem: z.string().nullable(),
});

export const appMethods = {
  appInfo: {
    summary: 'Versions of Trimdesk, Electron (null in browser mode) and ffmpeg, and what that ffmpeg supports.',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      mode: z.enum(['desktop', 'browser']),
      electron: z.string().nullable(),
      chrome: z.string().nullable(),
      node: z.string(),
      ffmpeg: ffmpegInfoSchema,
    }),
  },
  getSettings: {
    summary: 'The saved settings.',
    input: z.object({}),
    output: settingsSchema,
  },
  updateSettings: {
    summary: 'Changes some settings and saves them; returns them all. A new ffmpeg path applies from the next start.',
    input: settingsSchema.partial(),
    output: settingsSchema,
  },
  recentArchives: {
    summary: 'Archive folders opened recently, newest first.',
    input: z.object({}),
    output: z.array(z.string()),
  },
  openArchive: {
    summary:
      "Opens the archive folder at an absolute path, or a recorder node's http(s) address; with add, as one more source of the open archive (browser mode: only the served one). notices: nodes that do not answer.",
    input: z.object({ path: z.string().min(1), add: z.boolean().optional() }),
    output: z.object({ root: z.string(), channels: z.array(z.string()), notices: z.array(z.string()).optional() }),
  },
  chooseArchive: {
    summary: 'Asks for an archive folder with the native dialog and opens it; null if cancelled (always in browser mode).',
    input: z.object({}),
    output: z.string().nullable(),
  },
  chooseSavePath: {
    summary: 'Asks where to save with the native dialog; null if cancelled (always in browser mode).',
    input: z.object({ title: z.string(), defaultPath: z.string(), extensions: z.array(z.string().regex(/^[\w.-]+$/)) }),
    output: z.string().nullable(),
  },
  revealPath: {
    summary: 'Shows a file in the system file manager (desktop only).',
    input: z.object({ path: z.string().min(1) }),
    output: z.object({}),
  },
} satisfies Record<string, MethodSpec>;
