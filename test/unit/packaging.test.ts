/**
 * The packaged app's Electron fuses, read the way `npm run dist` reads them: electron-builder's
 * own config loader and schema validation, then its own translation into the fuse wire
 * that @electron/fuses flips in the binary. (Flipping them needs a real Electron binary,
 * which cannot be installed here.)
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const repo = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  electronFuses?: Record<string, boolean> | null;
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: Record<string, boolean>): Promise<Record<string, unknown>> } };
};

describe('electron-builder.yml', () => {
  it('passes electron-builder 26 validation', async () => {
    const config = await getConfig(repo, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validation is real: a misspelt fuse is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses: no run-as-node, no inspector, no NODE_OPTIONS, app only from an integrity-checked app.asar', async () => {
    const config = await getConfig(repo, 'electron-builder.yml', null);
    expect(config.electronFuses).toBeTruthy();
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses!);
    expect(wire).toMatchObject({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });
});
