/**
 * Every `trimdesk` command, in the order `trimdesk --help` lists them. Each module is
 * imported only when its command runs: `trimdesk --help` or `trimdesk ls` never load the
 * export engine, the demo generator or the HTTP server.
 */
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  /** One line for `trimdesk --help`. */
  summary: string;
  /**
   * A command that prints its answer and exits, as a Unix tool does: its output and warnings
   * go to fds 1 and 2 directly (write-now.ts) and, like such a tool, it waits for a slow
   * reader. The others (serve, cut, copy, demo: minutes or for good, with servers, children
   * or downloads to tend) write through Node's streams, which queue instead of holding them.
   */
  quick?: true;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'ls', summary: 'list channels, qualities or hours of an archive', quick: true, load: async () => (await import('./ls')).lsCommand },
  {
    name: 'segments',
    summary: 'print the best segments for a time range, with its holes',
    quick: true,
    load: async () => (await import('./segments')).segmentsCommand,
  },
  {
    name: 'coverage',
    summary: 'per-hour coverage: files by type, holes, overlaps',
    quick: true,
    load: async () => (await import('./coverage')).coverageCommand,
  },
  {
    name: 'serve',
    summary: 'serve the editor, playlists and segments of an archive over HTTP (browser mode)',
    load: async () => (await import('./serve')).serveCommand,
  },
  {
    name: 'cut',
    summary: 'export ranges of an archive as one video (rough, fast, smart, full or archive cut)',
    load: async () => (await import('./cut')).cutCommand,
  },
  {
    name: 'copy',
    summary: "copy a span's best segments (from folders or recorder nodes) into a local archive folder, hash-checked",
    load: async () => (await import('./copy')).copyCommand,
  },
  { name: 'demo', summary: 'write a small real-video demo archive with every archive case in it', load: async () => (await import('./demo')).demoCommand },
];
