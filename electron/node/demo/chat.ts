/**
 * The demo archive's chat: an hour of a steady chat (one line every 1.5-2.5 s) from a
 * cast of chatters with colours, badges and emotes as text, three bursts at documented
 * moments (the manifest lists them; each one is the only burst of docs/CHAT.md's rule in
 * its surroundings), system messages (a sub, a ban, a timeout, a slow-mode notice, a
 * cleared chat), JOINs known only within a range, and two recorder nodes whose batches
 * overlap for 20 minutes, each missing a few lines the other got. Pure and seeded: the
 * same plan gives the same files.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BATCH_US, batchStartOf, formatBatch } from '../../../shared/chat/batch';
import { chatEntryOf, type ChatEntry } from '../../../shared/chat/message';
import { US_PER_MINUTE, US_PER_SECOND, formatHour } from '../../../shared/time';
import { SEGMENT_US, runEndUs, type DemoPlan, type Span } from './plan';

export interface DemoChatNode {
  name: string;
  /** The node recorded messages whose time is in [startUs, endUs). */
  startUs: number;
  endUs: number;
}

export interface DemoChatBurst {
  label: string;
  /** Where "next burst" lands: the start of the burst's first 5 s bin. */
  startUs: number;
  endUs: number;
}

export interface DemoChat {
  nodes: DemoChatNode[];
  bursts: DemoChatBurst[];
  /** Every batch file written: `<channel>/chat/<hour>/<name>`, by node. */
  batches: { hour: string; name: string; node: string }[];
  /** Instants of the system lines (sub, ban, timeout, notice, clear), in order. */
  systemLines: { timeUs: number; text: string }[];
  /** Lines a viewer saw over the whole chat (merged, each once). */
  lineCount: number;
}

interface Chatter {
  login: string;
  display: string;
  color: string;
  badges: string;
}

const CHATTERS: readonly Chatter[] = [
  ['bidwarbarbara', 'BidwarBarbara', '#FF4500', 'moderator/1,subscriber/24'],
  ['sleepyspeedrunner', 'SleepySpeedrunner', '#1E90FF', 'subscriber/3'],
  ['tollbooth_tom', 'Tollbooth_Tom', '#9ACD32', ''],
  ['cactuscarl', 'CactusCarl', '#DAA520', 'subscriber/12'],
  ['busdriverdee', 'BusDriverDee', '#FF69B4', 'vip/1'],
  ['desertrat99', 'DesertRat99', '', ''],
  ['mirage_mo', 'Mirage_Mo', '#00CED1', 'subscriber/1'],
  ['pinetreeair', 'PineTreeAir', '#2E8B57', 'moderator/1'],
  ['quietviewer', 'quietviewer', '', ''],
  ['tumbleweedtess', 'TumbleweedTess', '#B22222', 'subscriber/6,bits/100'],
].map(([login, display, color, badges]) => ({ login: login!, display: display!, color: color!, badges: badges! }));

const EMOTES: readonly { name: string; id: string }[] = [
  { name: 'Kappa', id: '25' },
  { name: 'PogChamp', id: '88' },
  { name: 'LUL', id: '425618' },
  { name: 'BibleThump', id: '86' },
];

const STEADY_TEXTS = [
  'how many hours is the bus on now',
  'the sunset shot was great Kappa',
  'is the next bid war tonight?',
  'hi chat',
  'LUL the radio again',
  'that tollbooth is always there',
  'donated 20, go team',
  'good morning from the night shift',
  'the map says 360 miles to go',
  'BibleThump I missed the last hour',
];

const BURST_TEXTS = ['HYPE PogChamp', 'PogChamp PogChamp PogChamp', 'HYPE HYPE', 'WHAT A MOMENT PogChamp', 'LUL HYPE', 'clip it! HYPE'];

const SUB_NOTICE = "CactusCarl subscribed at Tier 1. They've subscribed for 12 months!";
const BURST_US = 12 * US_PER_SECOND;
const BURST_LINES_PER_SECOND = 4;
const CHANNEL_TAGS = { 'room-id': '12345678' };

/** Mulberry32: a small seeded generator, so the demo is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** `25:0-4/88:6-13`: where each known emote sits in the text, as Twitch tags them. */
function emoteTag(text: string): string {
  const places = new Map<string, string[]>();
  let offset = 0;
  for (const word of text.split(' ')) {
    const emote = EMOTES.find((candidate) => candidate.name === word);
    if (emote) places.set(emote.id, [...(places.get(emote.id) ?? []), `${offset}-${offset + word.length - 1}`]);
    offset += word.length + 1;
  }
  return [...places].map(([id, spans]) => `${id}:${spans.join(',')}`).join('/');
}

/** A message the server stamped, before any node received it (receivers added per node). */
interface Spoken {
  timeUs: number;
  /** Range messages: each node's own guess of the range, [lead before timeUs, length]. */
  rangeUs: number;
  raw: Record<string, unknown>;
  text: string | undefined;
}

function privmsg(index: number, timeUs: number, chatter: Chatter, text: string): Spoken {
  const tags = {
    ...CHANNEL_TAGS,
    badges: chatter.badges,
    color: chatter.color,
    'display-name': chatter.display,
    emotes: emoteTag(text),
    id: `demo-${index.toString().padStart(6, '0')}`,
    'tmi-sent-ts': String(Math.floor(timeUs / 1000)),
  };
  return {
    timeUs,
    rangeUs: 0,
    text,
    raw: { command: 'PRIVMSG', params: ['#desertbus', text], sender: chatter.login, user: chatter.login, host: `${chatter.login}.tmi.twitch.tv`, tags },
  };
}

function stamped(timeUs: number, command: string, params: string[], tags: Record<string, string>, text: string): Spoken {
  return {
    timeUs,
    rangeUs: 0,
    text,
    raw: { command, params, sender: null, user: null, host: null, tags: { ...CHANNEL_TAGS, ...tags, 'tmi-sent-ts': String(Math.floor(timeUs / 1000)) } },
  };
}

export interface DemoChatPlan {
  /** The chat runs over [startUs, endUs) (the whole demo, holes in the video included). */
  span: Span;
  /** Bursts start here: multiples of 5 s inside footage. */
  burstStarts: { label: string; startUs: number }[];
}

/** Every message spoken, in time order, before any node received it. */
function spokenMessages(plan: DemoChatPlan, random: () => number): Spoken[] {
  const spoken: Spoken[] = [];
  let index = 0;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let timeUs = plan.span.startUs + US_PER_SECOND; timeUs < plan.span.endUs; timeUs += Math.round((1.5 + random()) * US_PER_SECOND)) {
    spoken.push(privmsg(index++, timeUs, pick(CHATTERS), pick(STEADY_TEXTS)));
  }
  for (const burst of plan.burstStarts) {
    for (let line = 0; line < (BURST_US / US_PER_SECOND) * BURST_LINES_PER_SECOND; line++) {
      const timeUs = burst.startUs + Math.round(((line + random() * 0.9) * US_PER_SECOND) / BURST_LINES_PER_SECOND);
      spoken.push(privmsg(index++, timeUs, pick(CHATTERS), pick(BURST_TEXTS)));
    }
  }
  const at = (seconds: number) => plan.span.startUs + seconds * US_PER_SECOND;
  spoken.push(
    stamped(
      at(20) + 500_000,
      'USERNOTICE',
      ['#desertbus', 'a year already!'],
      {
        id: 'demo-sub-1',
        login: 'cactuscarl',
        'display-name': 'CactusCarl',
        'msg-id': 'resub',
        'system-msg': SUB_NOTICE,
      },
      `${SUB_NOTICE} — a year already!`,
    ),
    stamped(at(45) + 250_000, 'CLEARCHAT', ['#desertbus', 'spammer42'], { 'target-user-id': '999' }, 'spammer42 was banned'),
    stamped(
      at(130) + 750_000,
      'CLEARCHAT',
      ['#desertbus', 'desertrat99'],
      { 'ban-duration': '600', 'target-user-id': '998' },
      'desertrat99 was timed out for 600 seconds',
    ),
    stamped(plan.span.endUs - 8 * US_PER_SECOND, 'CLEARCHAT', ['#desertbus'], {}, 'Chat was cleared by a moderator'),
  );
  // No server time: known only within 10 s (ESTIMATED_TIME_PADDING on either side of a guess).
  spoken.push({
    timeUs: at(100),
    rangeUs: 10 * US_PER_SECOND,
    text: 'This room is now in slow mode.',
    raw: { command: 'NOTICE', params: ['#desertbus', 'This room is now in slow mode.'], sender: null, user: null, host: null, tags: { 'msg-id': 'slow_on' } },
  });
  for (let seconds = 50; at(seconds) < plan.span.endUs; seconds += 240) {
    const chatter = pick(CHATTERS);
    spoken.push({
      timeUs: at(seconds),
      rangeUs: 10 * US_PER_SECOND,
      text: undefined,
      raw: { command: 'JOIN', params: ['#desertbus'], sender: chatter.login, user: chatter.login, host: `${chatter.login}.tmi.twitch.tv`, tags: null },
    });
  }
  return spoken.sort((a, b) => a.timeUs - b.timeUs);
}

/** What one node archived: the messages of its span, minus the ones it missed, with its own receive times and ranges. */
function receivedBy(nodes: readonly DemoChatNode[], nodeIndex: number, spoken: readonly Spoken[]): ChatEntry[] {
  const node = nodes[nodeIndex]!;
  const recorded = (which: DemoChatNode, message: Spoken) => message.timeUs >= which.startUs && message.timeUs < which.endUs;
  const entries: ChatEntry[] = [];
  spoken.forEach((message, index) => {
    if (!recorded(node, message)) return;
    // Where both nodes record, each misses a different few lines (a reconnect, a dropped packet).
    if (nodes.every((other) => recorded(other, message)) && index % 29 === nodeIndex * 7) return;
    const receivedUs = message.timeUs + (200 + 150 * nodeIndex) * 1000;
    // JOINs arrive up to 45 s late: the range reaches back 45 s more; the nodes' guesses differ a little.
    const late = message.raw.command === 'JOIN' ? 45 * US_PER_SECOND : 0;
    const leadUs = late === 0 ? 0 : late + (nodeIndex + 1) * US_PER_SECOND;
    const timeUs = message.timeUs - leadUs;
    const rangeUs = message.rangeUs === 0 ? 0 : message.rangeUs + late;
    entries.push(
      chatEntryOf({
        ...message.raw,
        receivers: { [node.name]: receivedUs / US_PER_SECOND },
        time: timeUs / US_PER_SECOND,
        time_range: rangeUs / US_PER_SECOND,
      }),
    );
  });
  return entries;
}

function batchName(startUs: number, text: string): { hour: string; name: string } {
  const hash = createHash('sha256').update(text).digest('base64url');
  const offsetUs = startUs - Math.floor(startUs / 3_600_000_000) * 3_600_000_000;
  const minute = Math.floor(offsetUs / US_PER_MINUTE);
  return { hour: formatHour(startUs), name: `${String(minute).padStart(2, '0')}:00-${hash}.json` };
}

/** Writes the chat under `<channelDir>/chat/` and returns what the manifest says of it. */
export async function writeDemoChat(channelDir: string, plan: DemoChatPlan): Promise<DemoChat> {
  const spoken = spokenMessages(plan, seeded(13));
  const middleUs = plan.span.startUs + Math.floor((plan.span.endUs - plan.span.startUs) / 2 / BATCH_US) * BATCH_US;
  const nodes: DemoChatNode[] = [
    { name: 'alpha', startUs: plan.span.startUs, endUs: middleUs + 10 * US_PER_MINUTE },
    { name: 'beta', startUs: middleUs - 10 * US_PER_MINUTE, endUs: plan.span.endUs },
  ];
  const batches: DemoChat['batches'] = [];
  for (const [nodeIndex] of nodes.entries()) {
    const byMinute = new Map<number, ChatEntry[]>();
    for (const entry of receivedBy(nodes, nodeIndex, spoken)) {
      const minuteUs = batchStartOf(entry);
      byMinute.set(minuteUs, [...(byMinute.get(minuteUs) ?? []), entry]);
    }
    for (const [minuteUs, entries] of byMinute) {
      const text = formatBatch(entries);
      const file = batchName(minuteUs, text);
      await mkdir(path.join(channelDir, 'chat', file.hour), { recursive: true });
      await writeFile(path.join(channelDir, 'chat', file.hour, file.name), text);
      batches.push({ ...file, node: nodes[nodeIndex]!.name });
    }
  }
  const lines = spoken.filter((message) => message.text !== undefined);
  return {
    nodes,
    bursts: plan.burstStarts.map((burst) => ({ ...burst, endUs: burst.startUs + BURST_US })),
    batches: batches.sort((a, b) => `${a.hour}/${a.name}`.localeCompare(`${b.hour}/${b.name}`)),
    systemLines: lines.filter((message) => message.raw.command !== 'PRIVMSG').map((message) => ({ timeUs: message.timeUs, text: message.text! })),
    lineCount: lines.length,
  };
}

const BURST_ALIGN_US = 5 * US_PER_SECOND;
const alignUp = (instantUs: number) => Math.ceil(instantUs / BURST_ALIGN_US) * BURST_ALIGN_US;

/** The chat of a demo plan: over all of it, bursts inside the opening run, the jitter run and the first hour crossing. */
export function demoChatPlan(plan: DemoPlan): DemoChatPlan {
  const [opening, jitter] = plan.runs;
  const crossing = plan.runs.find((run) => run.label === 'crossing-1')!;
  const boundaryUs = plan.hourCrossings[0]!.endUs - (plan.hourCrossings[0]!.endUs % 3_600_000_000);
  return {
    span: { startUs: opening!.startUs, endUs: runEndUs(plan.runs.at(-1)!) },
    burstStarts: [
      { label: 'opening', startUs: alignUp(opening!.startUs + (opening!.segmentCount * SEGMENT_US) / 2) },
      { label: 'jitter', startUs: alignUp(jitter!.startUs + 10 * US_PER_SECOND) },
      { label: 'crossing', startUs: Math.max(alignUp(crossing.startUs), boundaryUs - BURST_ALIGN_US) },
    ],
  };
}
