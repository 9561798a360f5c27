// Keeps a checkout's builds in step with its sources: out/cli (the `trimdesk` command as
// JavaScript) and out/renderer (the editor that `trimdesk serve` and the app load). A build
// counts as current while no source file is newer than the stamp written when it started,
// so an edit made during a build still triggers the next one. Run directly (the `prepare`
// script, at `npm install` and `npm ci`) it brings both up to date; bin/trimdesk.js calls
// ensureBuilt before every command, so a changed source is rebuilt on first use.
// CommonJS, as bin/trimdesk.js is: an ES module launcher costs Node's ES module loader at
// every start.
const { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, utimesSync } = require('node:fs');
const path = require('node:path');

const repo = path.join(__dirname, '..');
const STAMP = '.sources-built';
const LOCK_WAIT_MS = 120_000;
const LOCK_ABANDONED_MS = 300_000;

/** @typedef {{ label: string, outDir: string, config: string, sources: string[] }} BuildTarget */

/** @type {BuildTarget} */
const CLI_BUILD = {
  label: 'the trimdesk command (out/cli)',
  outDir: 'out/cli',
  config: 'vite.cli.config.ts',
  sources: ['electron/cli', 'electron/node', 'electron/serve', 'shared', 'vite.cli.config.ts', 'package.json'],
};

/** @type {BuildTarget} */
const RENDERER_BUILD = {
  label: 'the editor (out/renderer)',
  outDir: 'out/renderer',
  config: 'vite.renderer.config.ts',
  sources: ['renderer', 'shared', 'build/icon.png', 'vite.renderer.config.ts', 'package.json'],
};

/**
 * True when `file`, or anything in a folder `file`, changed after `builtMs` (a folder's own
 * mtime counts a deleted file). Runs before every command in a checkout: plain stats and
 * string paths, stopping at the first change (as a reduce over path.join it was 7-10 ms of
 * a 150 ms `segments` run with the JIT cold).
 */
function changedSince(file, builtMs) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return false;
  if (stat.mtimeMs > builtMs) return true;
  if (!stat.isDirectory()) return false;
  for (const name of readdirSync(file)) {
    if (changedSince(`${file}${path.sep}${name}`, builtMs)) return true;
  }
  return false;
}

function stampMtimeMs(target) {
  return statSync(path.join(repo, target.outDir, STAMP), { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

/** True when a source of the target is newer than its build (or there is no build). */
function isStale(target) {
  const builtMs = stampMtimeMs(target);
  return target.sources.some((source) => changedSince(path.join(repo, source), builtMs));
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding out/.<name>.lock, so parallel commands do not build over each other. */
function withLock(name, fn) {
  const lock = path.join(repo, 'out', `.${name}.lock`);
  mkdirSync(path.dirname(lock), { recursive: true });
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const heldMs = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (heldMs > LOCK_ABANDONED_MS) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > giveUpAt) throw new Error(`${lock} has been held for ${Math.round(heldMs / 1000)} s: remove it if no build is running`);
      else sleepMs(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(target) {
  const startedMs = Date.now();
  const vite = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  // Vite's own output goes to stderr: stdout belongs to the command (`--json | jq`).
  // Loaded only to build: node:child_process brings net, dgram and more (4 ms) into every run otherwise.
  const { spawnSync } = require('node:child_process');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', target.config, '--logLevel', 'warn'], { cwd: repo, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) return false;
  const stamp = path.join(repo, target.outDir, STAMP);
  closeSync(openSync(stamp, 'w'));
  utimesSync(stamp, startedMs / 1000, startedMs / 1000);
  return true;
}

/**
 * Builds the target when its sources changed. Outside a checkout (no sources) or without
 * the build tools (a production install) the existing build is used as it is. Returns
 * false when a needed build failed (vite printed why).
 */
function ensureBuilt(target, log = (line) => process.stderr.write(`${line}\n`)) {
  if (!existsSync(path.join(repo, target.sources[0])) || !isStale(target)) return true;
  if (!existsSync(path.join(repo, 'node_modules', 'vite'))) {
    if (!existsSync(path.join(repo, target.outDir))) log(`Cannot build ${target.label}: vite is not installed (run npm install).`);
    return existsSync(path.join(repo, target.outDir));
  }
  return withLock(path.basename(target.outDir), () => {
    if (!isStale(target)) return true;
    log(`Building ${target.label} from changed sources...`);
    return build(target);
  });
}

module.exports = { CLI_BUILD, RENDERER_BUILD, isStale, ensureBuilt };

if (require.main === module) {
  if (!existsSync(path.join(repo, 'node_modules', 'vite'))) {
    // `npm ci --omit=dev`: no build tools, so nothing to build with; not an install failure.
    process.stderr.write('Skipping the build: vite is not installed (a production install).\n');
  } else {
    const built = [CLI_BUILD, RENDERER_BUILD].map((target) => ensureBuilt(target));
    process.exitCode = built.every(Boolean) ? 0 : 1;
  }
}
