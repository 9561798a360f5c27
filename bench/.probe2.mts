import { Archive } from '../electron/node/archive/archive';
const D = '/work/h-speed/bench/.data/archive-24h-v2';
const s = Date.parse('2026-11-14T06:00:00Z') * 1000, e = Date.parse('2026-11-14T18:00:00Z') * 1000;
const opts = process.argv[2] === 'batch' ? { warn: () => {}, blockingSizeLookups: true } : { warn: () => {} };
for (let i = 0; i < 5; i++) await new Archive(D, opts).select('bench', 'source', s, e);
const times: number[] = []; const cpus: number[] = [];
for (let i = 0; i < 15; i++) {
  const a = new Archive(D, opts);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await a.select('bench', 'source', s, e);
  times.push(performance.now() - t0); const c = process.cpuUsage(c0); cpus.push((c.user + c.system) / 1000);
}
console.log('wall min', Math.min(...times).toFixed(1), 'cpu min', Math.min(...cpus).toFixed(1), 'median wall', times.sort((a,b)=>a-b)[7].toFixed(1));
