import { describe, expect, it } from 'vitest';
import {
  NoFootageError,
  PlanError,
  describePlan,
  planCommands,
  planCut,
  type CommandPlan,
  type CutType,
  type OutputFormat,
  type PlanInput,
  type StreamPlan,
} from '../../shared/cutplan';
import { EditError, HARD_CUT, validateEdit, type Transition } from '../../shared/edit';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';
import { HoleError, selectRange, type Selection } from '../../shared/select';
import { parseHour } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';

const HOUR = '2026-11-14T03';
const H = parseHour(HOUR)!;
const S = 1_000_000;
const at = (seconds: number) => H + seconds * S;

/** A 2 s full segment starting `offset` whole seconds into the hour. */
function seg(offset: number, type = 'full'): SegmentInfo {
  return parseSegmentName(segmentName(at(offset), '2.0', type, 'AAAA'), HOUR, H);
}
/** Segments every 2 s over [fromSeconds, toSeconds), minus those starting at `missing`. */
function footage(fromSeconds: number, toSeconds: number, missing: number[] = []): SegmentInfo[] {
  const segments: SegmentInfo[] = [];
  for (let offset = fromSeconds; offset < toSeconds; offset += 2) if (!missing.includes(offset)) segments.push(seg(offset));
  return segments;
}
const named = (name: string, seconds: number): Transition => ({ kind: 'named', name, durationUs: seconds * S });
const pathOf = (segment: SegmentInfo) => `/archive/demo/source/${segment.hour}/${segment.name}`;

function plan(
  ranges: [number, number][],
  options: {
    transitions?: Transition[];
    cutType?: CutType;
    format?: OutputFormat;
    allowHoles?: boolean;
    segments?: SegmentInfo[];
    framePts?: ReadonlyMap<string, readonly number[]>;
    keyframePts?: ReadonlyMap<string, number>;
    precedingSegments?: ReadonlyMap<string, SegmentInfo>;
    soundPts?: PlanInput['soundPts'];
    reorderedFrames?: number;
    audioFade?: boolean;
    fadeUnavailable?: string;
    audio?: string;
  } = {},
) {
  const segments = options.segments ?? footage(0, 120);
  // Validated here as prepareExport does: planCut takes only a ValidEdit.
  const edit = validateEdit({
    ranges: ranges.map(([from, to]) => ({ startUs: at(from), endUs: at(to) })),
    transitions: options.transitions ?? ranges.slice(1).map(() => HARD_CUT),
  });
  const selections: Selection[] = edit.ranges.map((range) => selectRange(segments, range.startUs, range.endUs, true));
  const input: PlanInput = {
    edit,
    selections,
    cutType: options.cutType ?? 'smart',
    format: options.format ?? 'ts',
    allowHoles: options.allowHoles ?? false,
    segmentPath: pathOf,
    sizes: new Map(segments.map((segment) => [pathOf(segment), 1000])),
    source: { video: 'h264', audio: options.audio ?? 'aac', reorderedFrames: options.reorderedFrames },
    framePts: options.framePts,
    keyframePts: options.keyframePts,
    precedingSegments: options.precedingSegments,
    soundPts: options.soundPts,
    ffmpegPath: '/usr/bin/ffmpeg',
    audioFade: options.audioFade,
    fadeUnavailable: options.fadeUnavailable,
    target: (index) => ({ kind: 'file', path: `/out/.clip.${index}.part` }),
  };
  return planCut(input);
}

const argvText = (argv: string[]) => argv.join(' ');

/** 2 s of 30 fps frames whose first PTS is `firstPts`, in decode order as x264 -bf 3 muxes them (display order shuffled). */
function framesFrom(firstPts: number): number[] {
  const display = Array.from({ length: 60 }, (_, index) => firstPts + index * 3000);
  return [display[0]!, ...display.slice(1).reverse()];
}

describe('cuts on exact frames', () => {
  // The segment at 2 s starts its pictures at PTS 1032000; the one at 10 s at 1752000.
  const framePts = new Map([
    [pathOf(seg(2)), [...framesFrom(1_032_000)].sort((a, b) => a - b)],
    [pathOf(seg(10)), [...framesFrom(1_752_000)].sort((a, b) => a - b)],
  ]);

  it('trims edges on the source PTS of the frame on screen at the start and of the first frame at or after the end', () => {
    // 3.1 s is frame 33 of the segment at 2 s; 11.5 s lies between frames 45 (11.5 s exactly) and 44.
    const result = plan([[3.1, 11.5]], { framePts, cutType: 'smart' }) as StreamPlan;
    const head = result.parts[0]!;
    const tail = result.parts[2]!;
    expect(head.kind === 'encode' && head.argv).toEqual(expect.arrayContaining(['-copyts']));
    expect(argvText(head!.kind === 'encode' ? head.argv : [])).toContain(`trim=start_pts=${1_032_000 + 33 * 3000},setpts=PTS-STARTPTS`);
    expect(argvText(tail!.kind === 'encode' ? tail.argv : [])).toContain(`trim=end_pts=${1_752_000 + 45 * 3000},setpts=PTS-STARTPTS`);
    // The sound from the segment's first picture (19.466667 s), not from its earliest sound, to the cut.
    expect(argvText(tail!.kind === 'encode' ? tail.argv : [])).toContain('atrim=start=19.466667:end=20.966667,');
  });

  it('gives an instant a microsecond before a frame start to the frame before, and one a microsecond after to that frame', () => {
    const before = plan([[3.1 - 0.000001, 11.5]], { framePts, cutType: 'smart' }) as StreamPlan;
    const after = plan([[3.1 + 0.000001, 11.5 + 0.000001]], { framePts, cutType: 'smart' }) as StreamPlan;
    const argv = (result: StreamPlan, index: number) => argvText((result.parts[index] as { argv: string[] }).argv);
    expect(argv(before, 0)).toContain(`trim=start_pts=${1_032_000 + 32 * 3000},`);
    expect(argv(after, 0)).toContain(`trim=start_pts=${1_032_000 + 33 * 3000},`);
    expect(argv(after, 2)).toContain(`trim=end_pts=${1_752_000 + 46 * 3000},`);
  });

  it('trims by seconds, without -copyts, where a segment was not probed', () => {
    const result = plan([[3.1, 11.5]], { framePts: new Map(), cutType: 'smart' }) as StreamPlan;
    const head = result.parts[0]!;
    expect(head.kind === 'encode' && head.argv).not.toContain('-copyts');
    expect(argvText(head.kind === 'encode' ? head.argv : [])).toContain('trim=start=1.100000:duration=0.900000');
  });

  it('gives edges B-frames when the source has them, so every packet of the stream carries a DTS', () => {
    const result = plan([[3, 11.5]], { reorderedFrames: 2 }) as StreamPlan;
    expect(result.parts[0]!.kind === 'encode' && result.parts[0]!.argv).toEqual(expect.arrayContaining(['-bf', '3']));
  });
});

describe('open GOPs', () => {
  // The segment at 2 s shows 3 pictures (from PTS 1032000) before its keyframe, which refer to the segment at 0 s.
  const framePts = new Map([
    [pathOf(seg(2)), [...framesFrom(1_032_000)].sort((a, b) => a - b)],
    [pathOf(seg(6)), [...framesFrom(1_392_000)].sort((a, b) => a - b)],
  ]);
  const openGop = { framePts, keyframePts: new Map([[pathOf(seg(2)), 1_032_000 + 3 * 3000]]), precedingSegments: new Map([[pathOf(seg(2)), seg(0)]]) };
  const firstArgv = (result: StreamPlan | CommandPlan) =>
    argvText(result.mode === 'stream' ? (result.parts[0] as { argv: string[] }).argv : result.commands[0]!.argv);

  it.each([
    ['at its start', 2],
    ['inside its leading pictures', 2.05],
  ])('a range starting %s decodes the segment after the one before and trims from that picture; closed GOPs are planned as before', (_, startSeconds) => {
    const shown = startSeconds === 2 ? 1_032_000 : 1_032_000 + 3000;
    const smart = plan([[startSeconds, 7]], { ...openGop, cutType: 'smart' }) as StreamPlan;
    expect(smart.parts[0]!.kind).toBe('encode');
    expect(firstArgv(smart)).toContain(`concat:${pathOf(seg(0))}|${pathOf(seg(2))} `);
    expect(firstArgv(smart)).toContain(`trim=start_pts=${shown},`);
    // The part lists the segment it shows: the preview and the sound fade take it as the part's source.
    expect(smart.parts[0]!.paths).toEqual([pathOf(seg(2))]);
    const full = plan([[startSeconds, 7]], { ...openGop, cutType: 'full' }) as CommandPlan;
    expect(firstArgv(full)).toContain(`concat:${pathOf(seg(0))}|${pathOf(seg(2))}|${pathOf(seg(4))}|${pathOf(seg(6))} `);
    expect(firstArgv(full)).toContain(`trim=start_pts=${shown}:`);
    const closed = plan([[startSeconds, 7]], { framePts, cutType: 'smart' }) as StreamPlan;
    expect(closed.parts[0]!.kind).toBe(startSeconds === 2 ? 'copy' : 'encode');
    expect(firstArgv(plan([[startSeconds, 7]], { framePts, cutType: 'full' }) as CommandPlan)).not.toContain(pathOf(seg(0)));
  });

  it("trims by seconds from the lead-in's start where a segment was not probed", () => {
    const result = plan([[2.05, 7]], { ...openGop, framePts: new Map([[pathOf(seg(2)), framePts.get(pathOf(seg(2)))!]]), cutType: 'full' }) as CommandPlan;
    expect(firstArgv(result)).toContain('trim=start=2.050000:duration=4.950000');
  });

  it("copies the sound of the edge that runs into a copied segment's leading pictures, its own segment's only", () => {
    // A range from inside the segment at 2 s over the copied one at 4 s, whose keyframe follows 3 leading pictures.
    const frames4 = [...framesFrom(1_212_000)].sort((a, b) => a - b);
    const sound = (firstPts: number) => ({ pts: Array.from({ length: 94 }, (_, index) => firstPts + index * 1920), endPts: firstPts + 94 * 1920 });
    const result = plan([[3.1, 7]], {
      framePts: new Map([...framePts, [pathOf(seg(4)), frames4]]),
      keyframePts: new Map([[pathOf(seg(4)), 1_212_000 + 3 * 3000]]),
      soundPts: new Map([
        [pathOf(seg(2)), sound(1_026_000)],
        [pathOf(seg(4)), sound(1_206_480)],
      ]),
      audioFade: false,
    }) as StreamPlan;
    const head = argvText((result.parts[0] as { argv: string[] }).argv);
    expect(head).toContain(`concat:${pathOf(seg(2))}|${pathOf(seg(4))} `);
    expect(head).toContain(`trim=start_pts=${1_032_000 + 33 * 3000}:end_pts=${1_212_000 + 3 * 3000},`);
    // Copied, not re-encoded: the segment at 4 s brings its own sound with the copy.
    expect(head).toContain('-c:a copy');
    expect(head).toContain(`gt(pts\\,${1_026_000 + 93 * 1920})`);
    expect(result.parts[1]!.kind).toBe('copy');
    // That join is where a decoder may drop pictures (the copy's keyframe is no IDR): the plan says so.
    expect(result.notes.filter((note) => note.includes('open GOPs'))).toEqual([expect.stringContaining('at 1 join(s)')]);
    expect((plan([[3.1, 7]], { framePts }) as StreamPlan).notes.join(' ')).not.toContain('open GOPs');
  });

  it('a range starting at the keyframe, or without the segment before, reads the segment alone', () => {
    const atKeyframe = plan([[2.1, 7]], { ...openGop, cutType: 'smart' }) as StreamPlan;
    expect(firstArgv(atKeyframe)).toContain(`concat:${pathOf(seg(2))} `);
    expect(firstArgv(atKeyframe)).toContain(`trim=start_pts=${1_032_000 + 3 * 3000},`);
    const nothingBefore = plan([[2, 7]], { ...openGop, precedingSegments: new Map(), cutType: 'smart' }) as StreamPlan;
    expect(nothingBefore.parts[0]!.kind).toBe('copy');
  });
});

describe('smart cuts', () => {
  it('re-encodes only the cut first and last segment of a range and copies the middle', () => {
    const result = plan([[3, 11.5]]) as StreamPlan;
    expect(result.mode).toBe('stream');
    expect(result.parts.map((part) => part.kind)).toEqual(['encode', 'copy', 'encode']);
    const [head, middle, tail] = result.parts as [StreamPlan['parts'][number], StreamPlan['parts'][number], StreamPlan['parts'][number]];
    expect(middle!.kind === 'copy' && middle.paths).toEqual([4, 6, 8].map((offset) => pathOf(seg(offset))));
    expect(argvText(head!.kind === 'encode' ? head.argv : [])).toContain('trim=start=1.000000:duration=1.000000');
    expect(argvText(tail!.kind === 'encode' ? tail.argv : [])).toContain('trim=start=0.000000:duration=1.500000');
    expect(head!.kind === 'encode' && head.argv).toEqual(expect.arrayContaining(['-bf', '0', '-c:v', 'libx264', '-c:a', 'aac', 'pipe:1']));
    expect(result.durationUs).toBe(8.5 * S);
    expect(result.copiedSegments).toBe(3);
    expect(result.encodedSegments).toBe(2);
    expect(result.retime).toBe(true);
  });

  it('copies a range on segment boundaries without ffmpeg', () => {
    const result = plan([[4, 10]]) as StreamPlan;
    expect(result.parts.map((part) => part.kind)).toEqual(['copy']);
    expect(planCommands(result)).toEqual([]);
  });

  it('cuts a range inside one segment with a single encode', () => {
    const result = plan([[4.5, 5.25]]) as StreamPlan;
    expect(result.parts).toHaveLength(1);
    expect(argvText((result.parts[0] as { argv: string[] }).argv)).toContain('trim=start=0.500000:duration=0.750000');
  });

  it('says when the re-timer cannot count the sound frames at its joins (Opus), and nothing for those it can', () => {
    const noteOf = (audio: string) => (plan([[3, 11.5]], { audio }) as StreamPlan).notes.filter((note) => note.includes('cannot count'));
    expect(noteOf('opus')).toEqual([expect.stringContaining('The sound is opus')]);
    for (const audio of ['aac', 'mp2', 'ac3']) expect(noteOf(audio)).toEqual([]);
  });

  it('fast is another name for smart: the same plan, re-timed, and it says smart', () => {
    const fast = plan([[3, 11.5]], { cutType: 'fast' }) as StreamPlan;
    expect(fast).toEqual(plan([[3, 11.5]], { cutType: 'smart' }));
    expect(fast.cutType).toBe('smart');
  });

  it('re-encodes only the footage a transition touches, with xfade offset from the first input', () => {
    const result = plan(
      [
        [10, 20],
        [40, 50],
      ],
      { transitions: [named('wipeleft', 1.5)] },
    ) as StreamPlan;
    const encodes = result.parts.filter((part) => part.kind === 'encode');
    expect(encodes).toHaveLength(1);
    const argv = argvText(encodes[0]!.argv);
    // 18..20 s of range 1 (2 s, one segment) and 40..42 s of range 2: the fade starts 0.5 s in.
    expect(argv).toContain('xfade=transition=wipeleft:duration=1.500000:offset=0.500000');
    expect(argv).toContain('acrossfade=duration=1.500000');
    expect(result.durationUs).toBe(18.5 * S);
    expect(result.transitionStartsUs).toEqual([8.5 * S]);
    expect(result.parts.map((part) => part.kind)).toEqual(['copy', 'encode', 'copy']);
  });

  it('refuses a transition over a hole, suggesting a full cut', () => {
    const segments = footage(0, 60, [18]);
    // Range 1 ends 1 s after an 18..20 s hole: the 1.5 s fade would reach into the hole.
    const cut = () =>
      plan(
        [
          [10, 21],
          [30, 40],
        ],
        { transitions: [named('fade', 1.5)], segments, allowHoles: true },
      );
    expect(cut).toThrow(PlanError);
    expect(cut).toThrow(/hole leaves only 1.000000 s; use a full cut/);
    // The same edit as a full cut is fine.
    expect(
      plan(
        [
          [10, 21],
          [30, 40],
        ],
        { transitions: [named('fade', 1.5)], segments, allowHoles: true, cutType: 'full' },
      ).durationUs,
    ).toBe(17.5 * S);
  });

  it('refuses overlapping transitions on a short range, suggesting a full cut', () => {
    expect(() =>
      plan(
        [
          [0, 10],
          [20, 23],
          [40, 50],
        ],
        { transitions: [named('fade', 1.5), named('fade', 1.5)] },
      ),
    ).toThrow(/overlaps .*full cut/);
  });

  it('delivers MP4 and MKV by remuxing the MPEG-TS stream, and says so', () => {
    const result = plan([[3, 11]], { format: 'mp4', cutType: 'smart' }) as StreamPlan;
    expect(result.remux?.argv).toEqual(expect.arrayContaining(['-c', 'copy', '+faststart', '-f', 'mp4', '/out/.clip.0.part']));
    expect(result.notes.join(' ')).toMatch(/remux/);
    expect(() => plan([[3, 11]], { format: 'webm' })).toThrow(/only a full cut/);
  });
});

describe('holes and missing footage', () => {
  const segments = footage(0, 60, [20, 22]);

  it('refuses a range with a hole, with the hole times', () => {
    expect(() => plan([[10, 30]], { segments })).toThrow(HoleError);
    expect(() => plan([[10, 30]], { segments })).toThrow(expect.objectContaining({ holeStartUs: at(20), holeEndUs: at(24) }));
  });

  it('skips the missing time with allowHoles', () => {
    const result = plan([[10, 30]], { segments, allowHoles: true }) as StreamPlan;
    expect(result.durationUs).toBe(16 * S);
    expect(result.notes.join(' ')).toContain('4.000000 s with no footage is skipped');
  });

  it('refuses a range with no footage at all, even with allowHoles', () => {
    expect(() => plan([[20, 24]], { segments, allowHoles: true })).toThrow(NoFootageError);
    expect(() => plan([[200, 210]], { segments, allowHoles: true })).toThrow(/No footage at all in range 1/);
  });
});

describe('rough and archive cuts', () => {
  it('rough: whole segments, no ffmpeg, transitions ignored with a note', () => {
    const result = plan(
      [
        [3, 7],
        [31, 33],
      ],
      { cutType: 'rough', transitions: [named('fade', 1)] },
    ) as StreamPlan;
    expect(planCommands(result)).toEqual([]);
    expect(result.parts.flatMap((part) => part.paths)).toEqual([2, 4, 6, 30, 32].map((offset) => pathOf(seg(offset))));
    expect(result.durationUs).toBe(10 * S);
    expect(result.notes.join(' ')).toContain('ignore transitions');
    // Each range's segments keep their own clock (maybe another recording's): re-timed into one from 0.
    expect(result.retime).toBe(true);
  });

  it('archive: one MKV per contiguous run, split at holes', () => {
    const result = plan([[0, 30]], { cutType: 'archive', format: 'mkv', allowHoles: true, segments: footage(0, 60, [10]) }) as CommandPlan;
    expect(result.commands).toHaveLength(2);
    expect(result.commands.map((command) => command.target)).toEqual([
      { kind: 'file', path: '/out/.clip.0.part' },
      { kind: 'file', path: '/out/.clip.1.part' },
    ]);
    expect(result.commands[0]!.argv).toEqual(expect.arrayContaining(['-c', 'copy', '-f', 'matroska']));
    // Each file's segments reach ffmpeg re-timed from 0 on stdin, not through concat: with their own clock.
    expect(result.commands[0]!.argv).toEqual(expect.arrayContaining(['-f', 'mpegts', '-i', 'pipe:0']));
    expect(result.commands.map((command) => command.feed?.paths)).toEqual([
      [0, 2, 4, 6, 8].map((offset) => pathOf(seg(offset))),
      [12, 14, 16, 18, 20, 22, 24, 26, 28].map((offset) => pathOf(seg(offset))),
    ]);
    expect(() => plan([[0, 30]], { cutType: 'archive', format: 'ts' })).toThrow(/MKV/);
  });
});

describe('full cuts', () => {
  it('chains concat and xfade with offsets measured from the start of the output', () => {
    const result = plan(
      [
        [0, 10],
        [20, 30],
        [40, 50],
        [60, 70],
      ],
      { cutType: 'full', transitions: [HARD_CUT, named('fade', 2), named('dissolve', 1)] },
    ) as CommandPlan;
    const graph = result.commands[0]!.argv[result.commands[0]!.argv.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('concat=n=2:v=1:a=1');
    // 10 + 10 s, then a 2 s fade at 18 s; the next 1 s dissolve at 18 + 10 - 1 = 27 s.
    expect(graph).toContain('xfade=transition=fade:duration=2.000000:offset=18.000000');
    expect(graph).toContain('xfade=transition=dissolve:duration=1.000000:offset=27.000000');
    expect(result.transitionStartsUs).toEqual([18 * S, 27 * S]);
    expect(result.durationUs).toBe(37 * S);
    expect(result.heavy).toBe(true);
  });

  it('writes webm with VP9 and Opus, mp4 with faststart', () => {
    const webm = plan([[0, 10]], { cutType: 'full', format: 'webm' }) as CommandPlan;
    expect(webm.commands[0]!.argv).toEqual(expect.arrayContaining(['libvpx-vp9', 'libopus', 'webm']));
    const mp4 = plan([[0, 10]], { cutType: 'full', format: 'mp4' }) as CommandPlan;
    expect(mp4.commands[0]!.argv).toEqual(expect.arrayContaining(['+faststart', 'mp4']));
  });
});

describe('plans never pass user text to ffmpeg', () => {
  it('validates the edit before planning', () => {
    expect(() =>
      plan(
        [
          [0, 10],
          [20, 30],
        ],
        { transitions: [named('fade;[0:v]drawtext=text=x', 1)], cutType: 'full' },
      ),
    ).toThrow(EditError);
  });

  it('says what each type does and costs, before the commands', () => {
    const lines = (cutType: CutType, format: OutputFormat = 'ts') =>
      describePlan(plan([[3, 11.5]], { cutType, format, transitions: [] })).filter((line) => /^ {2}(does|costs):/.test(line));
    expect(lines('rough')).toEqual([
      '  does: whole segments copied as they are, only their clocks re-timed into one timeline from 0: no decoding; may start and end up to a segment outside each range; transitions ignored',
      '  costs: reading and writing 5.0 kB, about what copying the files takes; no ffmpeg',
    ]);
    expect(lines('rough', 'mp4')[1]).toBe(
      '  costs: reading and writing 5.0 kB, about what copying the files takes; then one ffmpeg stream copy (remux) into MP4',
    );
    expect(lines('smart')).toEqual([
      '  does: exact cuts: the segment at each cut and the footage under each transition re-encoded to match the source, the rest copied; all re-timed into one timeline from 0',
      '  costs: 2 ffmpeg encode(s) of 2.500000 s of footage in all, plus copying 3.0 kB',
    ]);
    expect(lines('full')[0]).toBe('  does: every frame decoded and re-encoded by one ffmpeg run: any container, every transition, the most compatible file');
    expect(lines('full')[1]).toBe('  costs: encoding all 8.500000 s: the slowest type; counts against the limit of full encodes at once');
    expect(lines('archive', 'mkv')).toEqual([
      '  does: whole segments re-timed from 0 and stream-copied (no re-encoding) into MKV, one file per run without holes: 1 file(s); transitions ignored',
      '  costs: one ffmpeg stream copy per file, about what copying 5.0 kB takes',
    ]);
  });

  it('prints every command of the plan', () => {
    const result = plan([[3, 11.5]]);
    const text = describePlan(result).join('\n');
    expect(text).toContain('3 segment(s) copied as-is');
    for (const argv of planCommands(result)) expect(text).toContain(argv[argv.length - 1]!);
    expect(text.match(/encode \(/g)).toHaveLength(2);
  });
});

describe('sound fade at hard cuts', () => {
  const fadeNotes = (notes: string[]) => notes.filter((note) => note.startsWith('Sound '));

  it('lists the parts after each hard cut of a smart cut, and says where the sound fades', () => {
    const smart = plan(
      [
        [10.5, 14.5],
        [30.5, 34.5],
        [50.5, 54.5],
      ],
      { audioFade: true },
    ) as StreamPlan;
    // Each range: an edge, a copied segment, an edge; the cuts come before parts 3 and 6.
    expect(smart.soundFade?.cuts.map((cut) => cut.partIndex)).toEqual([3, 6]);
    expect(smart.soundFade?.cuts.map((cut) => cut.atUs)).toEqual([4 * S, 8 * S]);
    expect(smart.soundFade?.ffmpegPath).toBe('/usr/bin/ffmpeg');
    expect(fadeNotes(smart.notes)).toEqual([
      'Sound fades out 5 ms before and back in 5 ms after each of the 2 hard cut(s) (4.000000 s, 8.000000 s), so joins do not click: only the 2 AAC frames either side of each join are re-encoded.',
    ]);
  });

  it('fades nowhere when asked not to, and says so; nothing is said when the planner is not asked', () => {
    const off = plan(
      [
        [10.5, 14.5],
        [30.5, 34.5],
      ],
      { audioFade: false },
    ) as StreamPlan;
    expect(off.soundFade).toBeNull();
    expect(fadeNotes(off.notes)).toEqual(['Sound at the 1 hard cut(s) (4.000000 s) is joined as it is, without a fade.']);
    const unasked = plan([
      [10.5, 14.5],
      [30.5, 34.5],
    ]) as StreamPlan;
    expect(unasked.soundFade).toBeNull();
    expect(fadeNotes(unasked.notes)).toEqual([]);
  });

  it('leaves transitions and footage that runs on (a range ending where the next starts) without a fade', () => {
    const joined = plan(
      [
        [10.5, 14.5],
        [14.5, 18.5],
        [30.5, 34.5],
      ],
      { audioFade: true, transitions: [HARD_CUT, named('fade', 1)] },
    ) as StreamPlan;
    expect(joined.soundFade).toBeNull();
    expect(fadeNotes(joined.notes)).toEqual([]);
  });

  it('fades a rough cut between segments that do not run on, or says why it cannot', () => {
    const rough = plan(
      [
        [10.5, 14.5],
        [14.5, 16.5],
        [30.5, 34.5],
      ],
      { cutType: 'rough', audioFade: true },
    ) as StreamPlan;
    // Range 2 starts in the segment range 1 ended in (repeated whole): a cut; range 3 jumps ahead: a cut.
    expect(rough.parts).toHaveLength(3);
    expect(rough.soundFade?.cuts.map((cut) => cut.partIndex)).toEqual([1, 2]);
    // The fade runs ffmpeg: the plan's costs must not say a rough cut runs none.
    expect(describePlan(rough).find((line) => line.startsWith('  costs:'))).toMatch(
      /about what copying the files takes; one short ffmpeg run per hard cut for its sound fade \(2\)$/,
    );
    const noFfmpeg = plan(
      [
        [10.5, 14.5],
        [30.5, 34.5],
      ],
      { cutType: 'rough', audioFade: true, fadeUnavailable: 'no usable ffmpeg' },
    ) as StreamPlan;
    expect(noFfmpeg.soundFade).toBeNull();
    expect(fadeNotes(noFfmpeg.notes)).toEqual(['Sound at the 1 hard cut(s) (6.000000 s) is joined as it is, without a fade: no usable ffmpeg.']);
  });

  it('puts an afade out and in around each hard cut of a full cut, none at a transition', () => {
    const full = plan(
      [
        [10.5, 14.5],
        [30.5, 34.5],
        [50.5, 54.5],
      ],
      { cutType: 'full', audioFade: true, transitions: [HARD_CUT, named('fade', 1)] },
    ) as CommandPlan;
    const graph = full.commands[0]!.argv[full.commands[0]!.argv.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[a0in]afade=t=out:st=3.995000:d=0.005000:curve=hsin[a0fade]');
    expect(graph).toContain('[a1in]afade=t=in:st=0:d=0.005000:curve=hsin[a1fade]');
    expect(graph).toContain('[v0in][a0fade][v1in][a1fade]concat=n=2:v=1:a=1');
    // The transition into range 3 cross-fades the unfaded sound.
    expect(graph).not.toContain('[a2fade]');
    expect(graph).not.toMatch(/\[a1in\]afade=t=out/);
    expect(fadeNotes(full.notes)).toEqual([
      'Sound fades out 5 ms before and back in 5 ms after each of the 1 hard cut(s) (4.000000 s), so joins do not click: as part of the full re-encode.',
    ]);
    const off = plan(
      [
        [10.5, 14.5],
        [30.5, 34.5],
      ],
      { cutType: 'full', audioFade: false },
    ) as CommandPlan;
    expect(argvText(off.commands[0]!.argv)).not.toContain('afade');
  });
});
