#!/usr/bin/env node
// `npm start [-- ARCHIVE]`: builds Trimdesk and opens it in Electron. Where the Electron
// binary is missing and cannot be downloaded (an offline install), it says so in one
// line and runs browser mode (`trimdesk serve`) instead. With no ARCHIVE it offers to
// create the demo archive in the user data folder, so a first run shows footage at once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, installedElectron } from './electron-binary.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(repo, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** Electron's own userData folder for an unpackaged app named after package.json. */
function userDataDir() {
  const name = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).name;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', name);
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), name);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), name);
}

/** Electron's first-run download, as its own postinstall does it; quiet, since failure is expected offline. */
function downloadedElectron() {
  const result = spawnSync(process.execPath, [path.join(electronPackageDir, 'install.js')], { stdio: 'ignore', timeout: 5 * 60_000 });
  return result.status === 0 ? installedElectron() : undefined;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs a long-lived child; Ctrl+C reaches it directly (same terminal), so we only wait and pass on its status. */
function supervise(command, args, onStdout) {
  const child = spawn(command, args, { cwd: repo, stdio: ['inherit', onStdout ? 'pipe' : 'inherit', 'inherit'] });
  if (onStdout) child.stdout.on('data', (chunk) => onStdout(chunk.toString()));
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function confirm(question) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = (await prompt.question(`${question} [Y/n] `)).trim().toLowerCase();
  prompt.close();
  return answer === '' || answer === 'y' || answer === 'yes';
}

/** The archive to open: the argument, else the demo archive (made on request), else none. */
async function chooseArchive(args) {
  const given = args.find((arg) => !arg.startsWith('-'));
  if (given) return path.resolve(given);
  const demo = path.join(userDataDir(), 'demo-archive');
  if (existsSync(path.join(demo, '.demo-manifest.json'))) {
    console.log(`No archive given: opening the demo archive in ${demo} (npm start -- /path/to/archive opens yours).`);
    return demo;
  }
  if (!process.stdin.isTTY) return undefined;
  if (!(await confirm(`No archive given. Create a demo archive (a few MB, under a minute) in ${demo}?`))) return undefined;
  run(process.execPath, [path.join(repo, 'bin', 'trimdesk.js'), 'demo', demo]);
  return demo;
}

function startElectron(electron, archive) {
  run(bin('electron-vite'), ['build', '--logLevel', 'warn']);
  supervise(electron, [repo, ...(archive ? [archive] : [])]);
}

function startBrowserMode(archive) {
  if (!archive) {
    console.error('Browser mode serves one archive: run npm start -- /path/to/archive (or answer yes to the demo archive).');
    process.exit(2);
  }
  run(bin('vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
  supervise(process.execPath, [path.join(repo, 'bin', 'trimdesk.js'), 'serve', '--archive', archive], (text) => {
    const url = /https?:\/\/\S+/.exec(text)?.[0];
    process.stdout.write(url ? `Trimdesk is running in browser mode: open ${url} in your browser (Ctrl+C stops it).\n` : text);
  });
}

const archive = await chooseArchive(process.argv.slice(2));
const electron = installedElectron() ?? downloadedElectron();
if (electron) startElectron(electron, archive);
else {
  console.log('The Electron binary is not installed and could not be downloaded (offline?); starting browser mode instead.');
  startBrowserMode(archive);
}
