import { benchArchive } from '/work/h-speed/bench/archive';
console.log(await benchArchive(24));
console.log(await benchArchive(168));
