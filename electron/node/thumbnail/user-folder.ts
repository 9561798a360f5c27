/**
 * Where the thumbnail templates live when nobody says: the folder Electron calls
 * userData for Trimdesk (so the desktop app and `trimdesk serve` on one machine share
 * them), `thumbnail-templates` inside it.
 */
import os from 'node:os';
import path from 'node:path';

export const TEMPLATES_FOLDER_NAME = 'thumbnail-templates';

export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Trimdesk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Trimdesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Trimdesk');
}

export function defaultTemplatesFolder(): string {
  return path.join(userDataFolder(), TEMPLATES_FOLDER_NAME);
}
