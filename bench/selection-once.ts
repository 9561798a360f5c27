/**
 * One 12-hour selection in a brand-new process, timed from inside: the first request a
 * freshly started app answers (nothing cached, nothing compiled). Run by bench/selection.ts.
 */
import { performance } from 'node:perf_hooks';
import { US_PER_HOUR } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { BENCH_CHANNEL, BENCH_QUALITY, BENCH_START_US } from './archive';

const root = process.argv[2]!;
const startUs = BENCH_START_US + 6 * US_PER_HOUR;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await new Archive(root, { warn: () => {} }).select(BENCH_CHANNEL, BENCH_QUALITY, startUs, startUs + 12 * US_PER_HOUR);
const ms = performance.now() - started;
// CPU time too (this process's threads: the JIT's and the collector's included): on a machine shared with other work it is the steadier figure.
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
