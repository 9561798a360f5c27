/** The About dialog's text: what is running, so a bug report can say it in one paste. */
import type { z } from 'zod';
import type { appMethods } from '../../../shared/api/app';

type AppInfo = z.output<(typeof appMethods)['appInfo']['output']>;

const SOURCE_WORDS = { settings: 'set in Settings', environment: 'from FFMPEG_PATH', path: 'from PATH', bundled: 'bundled with Trimdesk' } as const;

export function aboutDetail(info: AppInfo): string {
  const ffmpeg =
    info.ffmpeg.path === null
      ? `ffmpeg: not found. ${info.ffmpeg.problem ?? ''}`.trim()
      : `ffmpeg ${info.ffmpeg.version} (${info.ffmpeg.source ? SOURCE_WORDS[info.ffmpeg.source] : 'in use'}): ${info.ffmpeg.path}`;
  const missing = info.ffmpeg.features.filter((feature) => !feature.available).map((feature) => `${feature.name} (${feature.neededFor})`);
  return [
    `Trimdesk ${info.version}`,
    `Electron ${info.electron ?? 'n/a'}, Chromium ${info.chrome ?? 'n/a'}, Node ${info.node}`,
    ffmpeg,
    ...(missing.length > 0 ? [`This ffmpeg lacks: ${missing.join(', ')}`] : []),
  ].join('\n');
}
