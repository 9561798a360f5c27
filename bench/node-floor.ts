/**
 * The floor of serving files from Node, for bench/serving.ts: a bare node:http server that
 * does only what any Node file server must do a request, with none of Trimdesk's checks
 * (no archive path rules, tombstones, folder stats, change checks or cross-site headers).
 * Run as `node --import tsx bench/node-floor.ts ROOT MODE`; prints its URL once listening.
 *
 * - `file`: open, fstat, one pread into a recycled buffer, close, one `res.end` of head and
 *   bytes. Without sendfile this is the least a Node server can do; a checked server can
 *   only come close to it.
 * - `memory`: the bytes come from memory, read once: Node's HTTP and socket costs alone.
 *   Its distance from `file` is what the copy out of the page cache costs, which nginx
 *   skips with sendfile.
 *
 * Bench-only: it trusts the URL (loopback, the bench's own files) and answers nothing but
 * GETs of files, whole or one `bytes=A-B` range.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

const [root, mode] = process.argv.slice(2);
if (root === undefined || (mode !== 'file' && mode !== 'memory')) throw new Error('usage: node-floor.ts ROOT file|memory');

const URL_PREFIX = '/segments/';
const BUFFER_BYTES = 2 * 1024 * 1024;
const buffers: Buffer[] = [];
const inMemory = new Map<string, Buffer>();

/** The first and last byte a `bytes=A-B` header asks for, or the whole file. */
function span(range: string | undefined, size: number): { first: number; last: number } {
  const match = range === undefined ? null : /^bytes=(\d+)-(\d+)$/.exec(range);
  return match ? { first: Number(match[1]), last: Math.min(Number(match[2]), size - 1) } : { first: 0, last: size - 1 };
}

/** 200 with the whole file, else 206 with its Content-Range. */
function reply(first: number, last: number, size: number): { status: number; headers: Record<string, string | number> } {
  const headers = { 'Content-Type': 'video/mp2t', 'Content-Length': last - first + 1 };
  if (first === 0 && last === size - 1) return { status: 200, headers };
  return { status: 206, headers: { ...headers, 'Content-Range': `bytes ${first}-${last}/${size}` } };
}

const server = createServer((req, res) => {
  const file = path.join(root, decodeURIComponent((req.url ?? '').slice(URL_PREFIX.length)));
  if (mode === 'memory') {
    const bytes = inMemory.get(file) ?? readFileSync(file);
    inMemory.set(file, bytes);
    const { first, last } = span(req.headers.range, bytes.length);
    const { status, headers } = reply(first, last, bytes.length);
    res.writeHead(status, headers);
    res.end(bytes.subarray(first, last + 1));
    return;
  }
  const fd = openSync(file, 'r');
  const { size } = fstatSync(fd);
  const { first, last } = span(req.headers.range, size);
  const buffer = buffers.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
  const read = readSync(fd, buffer, 0, last - first + 1, first);
  closeSync(fd);
  const { status, headers } = reply(first, last, size);
  res.writeHead(status, headers);
  res.end(buffer.subarray(0, read), () => buffers.push(buffer));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('node-floor: no port');
  console.log(`http://127.0.0.1:${address.port}`);
});
