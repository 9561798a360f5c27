/** Every `trimdesk` command, in the order `trimdesk --help` lists them. */
import type { Command } from './command';
import { coverageCommand } from './coverage';
import { cutCommand } from './cut';
import { demoCommand } from './demo';
import { lsCommand } from './ls';
import { segmentsCommand } from './segments';
import { serveCommand } from './serve';

export const commands: Command[] = [lsCommand, segmentsCommand, coverageCommand, serveCommand, cutCommand, demoCommand];
