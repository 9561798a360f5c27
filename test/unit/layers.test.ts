/**
 * Where code runs is visible from its path (STYLE.md): shared/ is pure, renderer/ never
 * touches Node or Electron. The per-folder tsconfigs enforce types; this test enforces
 * imports, so a violation fails `npm test` even if someone loosens a tsconfig. (DOM and
 * Node globals such as `window` or `process` are caught by shared/tsconfig.json, whose
 * lib and types include neither.)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repo, dir), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => path.relative(repo, path.join(entry.parentPath, entry.name)));
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

const NODE_BUILTIN = /^(node:|fs$|path$|os$|child_process$|http$|stream$|url$|crypto$|util$)/;

describe('layers', () => {
  it('shared/ imports nothing from Node, Electron, the DOM, React or the other folders', async () => {
    const files = await sourceFiles('shared');
    expect(files.length).toBeGreaterThan(3);
    const violations: string[] = [];
    for (const file of files) {
      const source = await readFile(path.join(repo, file), 'utf8');
      for (const specifier of importsOf(source)) {
        const leavesShared = specifier.startsWith('.') && !path.resolve(path.dirname(path.join(repo, file)), specifier).startsWith(path.join(repo, 'shared'));
        if (NODE_BUILTIN.test(specifier) || /^(electron|react|react-dom|hls\.js)/.test(specifier) || leavesShared) {
          violations.push(`${file} imports ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('renderer/ never imports Node or Electron, nor main-process code', async () => {
    const violations: string[] = [];
    for (const file of await sourceFiles('renderer')) {
      for (const specifier of importsOf(await readFile(path.join(repo, file), 'utf8'))) {
        if (NODE_BUILTIN.test(specifier) || specifier === 'electron' || specifier.includes('/electron/')) violations.push(`${file} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
