// Runs the command's CommonJS chunks (out/cli/*.cjs) with V8's code cache. A one-off
// command otherwise parses and compiles from source every function it runs, every time:
// 15-20 ms of CPU of a 150 ms `segments --json` run, as much as the selection. Node 20 has
// no code cache for ES modules (module.enableCompileCache is Node 22), so the chunks are
// CommonJS and are compiled here through vm.Script, which takes one.
//
// A chunk's cache is made when the process exits (so it holds every function the command
// ran, not only the chunk's top level; or before the command changes V8's flags), one per command (`--help` runs other functions of
// the command table than `segments` does), in $TRIMDESK_CODE_CACHE (default
// ~/.cache/trimdesk/code-cache; `off` for none). V8 checks a cache against its version, its
// flags and the length of the chunk's source, and rejects one that does not match: it is
// made again; the chunk's text itself is checked by the cache's name (its CRC-32). A
// cache folder that cannot be read or written only costs the compile; one that another user
// could write to is not used.
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { crc32 } = require('node:zlib');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const { createRequire } = Module;

/** The cache folder: $TRIMDESK_CODE_CACHE (`off`: none), else the user's cache folder. */
function codeCacheDir(env = process.env) {
  const chosen = env.TRIMDESK_CODE_CACHE;
  if (chosen === 'off') return undefined;
  if (chosen) return path.resolve(chosen);
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'trimdesk', 'code-cache');
}

/**
 * False for a cache folder another user could write to: what is in it runs as this
 * command's code. A folder not made yet is made private (mode 0700) when first saved to.
 */
function isPrivate(cacheDir) {
  let info;
  try {
    info = statSync(cacheDir, { throwIfNoEntry: false });
  } catch {
    return false; // not a folder on the way (ENOTDIR), not readable: nothing to use
  }
  if (info === undefined || process.getuid === undefined) return true;
  return info.isDirectory() && info.uid === process.getuid() && (info.mode & 0o022) === 0;
}

/** FNV-1a of a path, as hex: two checkouts' chunks of the same name keep caches of their own. */
function pathHash(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function readIfThere(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * From now on, CommonJS files in `chunkDir` are compiled with the code cache in `cacheDir`,
 * kept per `command` (a name of letters and dashes; anything else shares one cache).
 */
function compileWithCodeCache(chunkDir, cacheDir, command) {
  // zlib's CRC-32 (Node 20.15) names each cache by the chunk's text; without it, no cache.
  if (typeof crc32 !== 'function' || !isPrivate(cacheDir)) return;
  const prefix = `${chunkDir}${path.sep}`;
  const kind = /^[a-z][a-z-]{0,30}$/.test(command ?? '') ? command : 'other';
  const unsaved = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.startsWith(prefix)) return compile.call(this, content, filename);
    // Named by the chunk's text too: V8 checks a cache against the source's length only, and
    // took one made from another build of the same length, running that build's functions
    // (a rebuild of main.cjs that kept its length failed with a SyntaxError in a function
    // compiled lazily from positions of the old text).
    const textHash = (crc32(content) >>> 0).toString(16).padStart(8, '0');
    const cacheFile = path.join(cacheDir, `${kind}-${path.basename(filename)}-${pathHash(filename)}-${textHash}.v8`);
    const cachedData = readIfThere(cacheFile);
    // The wrapper Node gives every CommonJS file, on the chunk's first line.
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${content}\n})`, { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) unsaved.push({ script, cacheFile });
    const run = script.runInThisContext();
    return run.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  const saveAll = () => save(unsaved.splice(0), cacheDir);
  process.once('exit', saveAll);
  // V8 checks a cache against the flags it was made under: one made after a command changed
  // them (coverage sizes the young generation) is rejected by every later run, so what is
  // unsaved is saved just before (electron/cli/v8-flags.ts calls this; wrapping node:v8's
  // setFlagsFromString instead meant loading node:v8 at every start).
  globalThis[Symbol.for('trimdesk.beforeV8FlagsChange')] = saveAll;
}

/** Cache files kept (each 10-150 kB; a checkout's commands use a few dozen); the least recently written go first beyond this. */
const MAX_FILES = 200;

function save(unsaved, cacheDir) {
  if (unsaved.length === 0) return;
  prune(cacheDir, MAX_FILES - unsaved.length);
  if (!makeFolder(cacheDir)) return;
  for (const { script, cacheFile } of unsaved) {
    // Written aside and renamed: a command starting meanwhile reads a whole cache or none.
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Never written.
      }
    }
  }
}

/** How many missing folders above the cache folder are made at most: more means a mistyped path. */
const MAX_NEW_FOLDERS = 16;

/**
 * Makes `dir` and its missing parents, private, one level at a time. Not mkdirSync's
 * `recursive`: on Node 20 it retries for good where a file system answers ENOENT for a new
 * folder under one that exists (procfs, sysfs), and the command would never end.
 */
function makeFolder(dir) {
  try {
    const missing = [];
    for (let folder = dir; statSync(folder, { throwIfNoEntry: false }) === undefined; folder = path.dirname(folder)) {
      if (missing.length === MAX_NEW_FOLDERS || path.dirname(folder) === folder) return false;
      missing.unshift(folder);
    }
    for (const folder of missing) mkdirSync(folder, { mode: 0o700 });
    return true;
  } catch {
    return false; // not a folder on the way, not readable or writable: the compile is all it costs
  }
}

/** Keeps at most `keep` cache files (checkouts come and go: tests make one in a temporary folder each run). */
function prune(cacheDir, keep) {
  try {
    const files = readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
    if (files.length <= keep) return;
    const byAge = files.map((file) => ({ file, mtimeMs: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { file } of byAge.slice(0, files.length - keep)) unlinkSync(file);
  } catch {
    // Another command pruned it first, or the folder is not there yet.
  }
}

module.exports = { codeCacheDir, compileWithCodeCache };
