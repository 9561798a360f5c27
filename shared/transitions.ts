/**
 * The fixed catalogue of named video transitions: ffmpeg `xfade` transition names, each
 * with a one-line description for the export dialog. A transition name reaches an
 * ffmpeg filter graph only after it is found here, so no user text is ever spliced in.
 */

export interface TransitionInfo {
  /** The xfade `transition=` value. */
  readonly name: string;
  readonly description: string;
}

const CATALOGUE: readonly TransitionInfo[] = [
  { name: 'fade', description: 'The two shots blend evenly into each other.' },
  { name: 'fadeblack', description: 'Dips to black between the two shots.' },
  { name: 'fadewhite', description: 'Dips to white between the two shots.' },
  { name: 'fadegrays', description: 'The first shot drains to grey, then the second one blends in.' },
  { name: 'fadefast', description: 'A blend that hurries through the middle of the change.' },
  { name: 'fadeslow', description: 'A blend that lingers in the middle of the change.' },
  { name: 'dissolve', description: 'Scattered pixels switch to the second shot until none are left.' },
  { name: 'distance', description: 'Pixels change in order of how different the two shots are there.' },
  { name: 'pixelize', description: 'Breaks into large blocks, blends, then sharpens into the second shot.' },
  { name: 'hblur', description: 'Smears sideways, blends, and unsmears into the second shot.' },
  { name: 'zoomin', description: 'Pushes into the first shot while the second one blends in.' },
  { name: 'radial', description: 'A soft-edged sweep around the centre, like a clock hand.' },
  { name: 'wipeleft', description: 'A hard edge moves right to left, uncovering the second shot.' },
  { name: 'wiperight', description: 'A hard edge moves left to right, uncovering the second shot.' },
  { name: 'wipeup', description: 'A hard edge moves bottom to top, uncovering the second shot.' },
  { name: 'wipedown', description: 'A hard edge moves top to bottom, uncovering the second shot.' },
  { name: 'wipetl', description: 'A rectangle of the first shot shrinks into the top-left corner.' },
  { name: 'wipetr', description: 'A rectangle of the first shot shrinks into the top-right corner.' },
  { name: 'wipebl', description: 'A rectangle of the first shot shrinks into the bottom-left corner.' },
  { name: 'wipebr', description: 'A rectangle of the first shot shrinks into the bottom-right corner.' },
  { name: 'smoothleft', description: 'A wipe to the left whose edge is a soft blend.' },
  { name: 'smoothright', description: 'A wipe to the right whose edge is a soft blend.' },
  { name: 'smoothup', description: 'A wipe upwards whose edge is a soft blend.' },
  { name: 'smoothdown', description: 'A wipe downwards whose edge is a soft blend.' },
  { name: 'slideleft', description: 'Both shots move left together; the second enters from the right.' },
  { name: 'slideright', description: 'Both shots move right together; the second enters from the left.' },
  { name: 'slideup', description: 'Both shots move up together; the second enters from below.' },
  { name: 'slidedown', description: 'Both shots move down together; the second enters from above.' },
  { name: 'circlecrop', description: 'A black circle closes on the centre, then opens on the second shot.' },
  { name: 'rectcrop', description: 'A black frame closes on the centre, then opens on the second shot.' },
  { name: 'circleopen', description: 'The second shot grows from a soft circle in the centre.' },
  { name: 'circleclose', description: 'The first shot shrinks into a soft circle in the centre.' },
  { name: 'vertopen', description: 'The second shot opens from a vertical line in the middle.' },
  { name: 'vertclose', description: 'The second shot closes in from the left and right edges.' },
  { name: 'horzopen', description: 'The second shot opens from a horizontal line in the middle.' },
  { name: 'horzclose', description: 'The second shot closes in from the top and bottom edges.' },
  { name: 'diagtl', description: 'A soft diagonal edge sweeps towards the top-left corner.' },
  { name: 'diagtr', description: 'A soft diagonal edge sweeps towards the top-right corner.' },
  { name: 'diagbl', description: 'A soft diagonal edge sweeps towards the bottom-left corner.' },
  { name: 'diagbr', description: 'A soft diagonal edge sweeps towards the bottom-right corner.' },
  { name: 'hlslice', description: 'Vertical strips flip to the second shot one after another, leftwards.' },
  { name: 'hrslice', description: 'Vertical strips flip to the second shot one after another, rightwards.' },
  { name: 'vuslice', description: 'Horizontal strips flip to the second shot one after another, upwards.' },
  { name: 'vdslice', description: 'Horizontal strips flip to the second shot one after another, downwards.' },
  { name: 'squeezeh', description: 'The first shot is squashed flat vertically, showing the second.' },
  { name: 'squeezev', description: 'The first shot is squashed thin horizontally, showing the second.' },
  { name: 'hlwind', description: 'A ragged, streaky edge races leftwards across the picture.' },
  { name: 'hrwind', description: 'A ragged, streaky edge races rightwards across the picture.' },
  { name: 'vuwind', description: 'A ragged, streaky edge races upwards across the picture.' },
  { name: 'vdwind', description: 'A ragged, streaky edge races downwards across the picture.' },
  { name: 'coverleft', description: 'The second shot slides in from the right over the still first one.' },
  { name: 'coverright', description: 'The second shot slides in from the left over the still first one.' },
  { name: 'coverup', description: 'The second shot slides up from below over the still first one.' },
  { name: 'coverdown', description: 'The second shot slides down from above over the still first one.' },
  { name: 'revealleft', description: 'The first shot slides off to the left, showing the still second one.' },
  { name: 'revealright', description: 'The first shot slides off to the right, showing the still second one.' },
  { name: 'revealup', description: 'The first shot slides off the top, showing the still second one.' },
  { name: 'revealdown', description: 'The first shot slides off the bottom, showing the still second one.' },
];

const BY_NAME: ReadonlyMap<string, TransitionInfo> = new Map(CATALOGUE.map((entry) => [entry.name, entry]));

/** Every named transition, in the order the export dialog lists them. */
export function transitionCatalogue(): readonly TransitionInfo[] {
  return CATALOGUE;
}

/** True when `name` is exactly a catalogue name (case-sensitive, no surrounding text). */
export function isKnownTransition(name: string): boolean {
  return BY_NAME.has(name);
}

/** The catalogue entry for a name, or undefined. */
export function transitionInfo(name: string): TransitionInfo | undefined {
  return BY_NAME.get(name);
}
