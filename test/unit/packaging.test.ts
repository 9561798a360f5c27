/**
 * The packaged app's Electron fuses and files, read the way `npm run dist` reads them:
 * electron-builder's own config loader and schema validation, its own translation into the
 * fuse wire that @electron/fuses flips in the binary, and its own file matcher. (Flipping
 * the fuses and packing need a real Electron binary, which cannot be installed here.)
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const repo = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  electronFuses?: Record<string, boolean> | null;
  /** As the loader normalises `files:`: one set of patterns. */
  files: { filter: string[] }[];
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (pattern: string) => string,
    patterns: string[],
  ) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean };
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

  it('packs the built app and package.json, and nothing else of a checkout: no sources, CLI build, source maps or build records', async () => {
    const config = await getConfig(repo, 'electron-builder.yml', null);
    expect(config.files).toHaveLength(1);
    const packs = new FileMatcher(repo, '/', (pattern) => pattern, config.files[0]!.filter).createFilter();
    const packed = (file: string) => packs(path.join(repo, file), { isDirectory: () => false });
    for (const file of ['out/main/main.js', 'out/preload/preload.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js', 'package.json']) {
      expect(packed(file), file).toBe(true);
    }
    const left = [
      'out/cli/trimdesk.js',
      'out/main/main.js.map',
      'out/renderer/.sources-built',
      'out/tsc/shared.tsbuildinfo',
      'electron/main/main.ts',
      'test/unit/packaging.test.ts',
    ];
    for (const file of left) expect(packed(file), file).toBe(false);
  });
});
