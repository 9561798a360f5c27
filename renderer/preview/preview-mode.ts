/**
 * Preview mode: the player plays the edit as the smart export will contain it (the
 * `/preview` playlist) instead of the archive's window. This store holds the playlist
 * the player is to load and what its entries show; the player controller loads it
 * (renderer/player), the clock and the preview timeline read it. Marks and edge drags
 * change the source range under the playhead, and the preview follows the edit.
 */
import { create } from 'zustand';
import { parsePreviewPlaylist, previewEditTimeOf, previewInstantAt, type PreviewTimelineEntry } from '../../shared/preview-playlist';
import type { Edit } from '../../shared/edit';
import { previewLayout } from '../../shared/preview-timeline';
import { US_PER_SECOND } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';
import { toEdit, type EditDocument } from '../edit/document';
import { fragmentIndexOfFrame } from '../player/frame-position';
import { useArchive } from '../stores/archive';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { previewUrl } from './preview-url';

export interface PreviewState {
  /** The playlist the player plays; undefined outside preview mode. */
  url: string | undefined;
  /** Where in the edit the player starts (seconds). */
  startSeconds: number;
  /** The playlist's entries: which range and source instant each shows. */
  entries: readonly PreviewTimelineEntry[];
  /** The edit the playlist is of (the document may already have moved on while the next loads). */
  edit: Edit | undefined;
  /** An edge just moved in preview mode: the next preview shows its frame. */
  movedEdge: { rangeId: string; edge: 'start' | 'end' } | undefined;
  /** Set while the playlist is being made (the first edge rendered). */
  loading: boolean;
  /** The source instant the player returns to when preview ends. */
  returnInstantUs: number | undefined;
  /** Counts loads: a slower earlier one must not replace a later one. */
  generation: number;
}

export const usePreview = create<PreviewState>()(() => ({
  url: undefined,
  startSeconds: 0,
  entries: [],
  edit: undefined,
  movedEdge: undefined,
  loading: false,
  returnInstantUs: undefined,
  generation: 0,
}));

export interface PreviewPosition {
  /** Time in the edit of the frame on screen. */
  editUs: number;
  rangeIndex: number;
  /** Source instant of the frame on screen. */
  instantUs: number;
  inTransition: boolean;
}

/**
 * What is on screen in preview mode. The player's timeline places each entry by its own
 * timestamps (a B-frame edge's first picture some ms after the entry's start), and its
 * map places each entry by the frames it appended: the time in the edit is the entry's
 * start plus how far into the entry's frames the frame on screen is. The entry's
 * sources say which range and instant that is (inside a transition too, where the
 * entry's date runs on from the outgoing side).
 */
export function previewPosition(
  mediaSeconds: number,
  entries: readonly PreviewTimelineEntry[],
  fragments: readonly MappedFragment[],
  frameSeconds: number,
): PreviewPosition | undefined {
  // Until the player has the playlist these entries came from, its map is another one's.
  if (fragments.length !== entries.length) return undefined;
  // The player's rule for which part a frame is of (frame-position.ts): a frame past a
  // part's last one is the next part's first picture, which on B-frame footage is
  // presented a little before where the map starts that part (it was named as the last
  // frame of the part before, the range before when the part starts a range).
  const index = fragmentIndexOfFrame(fragments, mediaSeconds, frameSeconds);
  const entry = entries[index];
  if (entry === undefined) return undefined;
  const intoUs = Math.max(0, Math.round((mediaSeconds - fragments[index]!.mediaStartSeconds) * US_PER_SECOND));
  const lastFrameUs = Math.max(0, entry.durationUs - Math.round(frameSeconds * US_PER_SECOND));
  const editUs = entry.editStartUs + Math.min(intoUs, lastFrameUs);
  const shown = previewInstantAt(entries, editUs);
  return shown && { editUs, ...shown };
}

/**
 * The player's time of `editUs`: where the player put the entry holding it, plus how far
 * into the entry it is (the inverse of previewPosition); the edit time itself until the
 * player has this playlist's map.
 */
export function mediaSecondsOfEdit(editUs: number, entries: readonly PreviewTimelineEntry[], fragments: readonly MappedFragment[]): number {
  const index = entries.findLastIndex((entry) => entry.editStartUs <= editUs);
  if (fragments.length !== entries.length || index < 0) return editUs / US_PER_SECOND;
  return fragments[index]!.mediaStartSeconds + (editUs - entries[index]!.editStartUs) / US_PER_SECOND;
}

/**
 * Where range `rangeIndex` starts in the preview: the edit time showing its start instant
 * in that range (a later range may repeat an earlier one's footage, so the instant alone
 * can name another range's frame), else its first frame shown (a range entered through a
 * transition is named from the transition's midpoint); undefined when it is not shown.
 */
export function rangeStartEditUs(entries: readonly PreviewTimelineEntry[], rangeIndex: number, startUs: number): number | undefined {
  const atStart = previewEditTimeOf(entries, rangeIndex, startUs);
  if (atStart !== undefined) return atStart;
  for (const entry of entries) {
    const source = entry.sources.find((candidate) => candidate.rangeIndex === rangeIndex);
    if (source !== undefined) return entry.editStartUs + source.offsetUs;
  }
  return undefined;
}

/** The edit time where the range `rangeId` starts in the preview playing; undefined outside preview mode or when it does not show it. */
export function previewRangeStartUs(rangeId: string): number | undefined {
  const { url, edit, entries } = usePreview.getState();
  const rangeIndex = useEdit.getState().history.present.ranges.findIndex((range) => range.id === rangeId);
  const range = edit?.ranges[rangeIndex];
  if (url === undefined || range === undefined) return undefined;
  return rangeStartEditUs(entries, rangeIndex, range.startUs);
}

/**
 * What is on screen in preview mode now; undefined while no frame is (the player names no
 * instant then: a preview just loaded shows nothing until its first frame is presented).
 */
export function currentPreviewPosition(): PreviewPosition | undefined {
  const { mediaSeconds, fragments, frameSeconds, instantUs } = usePlayer.getState();
  if (instantUs === undefined) return undefined;
  return previewPosition(mediaSeconds, usePreview.getState().entries, fragments, frameSeconds);
}

function notice(text: string): void {
  useNotice.getState().show(text, 'error');
}

/** The preview URL of the document, or a reason it has none. */
function urlOf(doc: EditDocument): string | { problem: string } {
  const { channel, quality } = useArchive.getState();
  if (channel === undefined || quality === undefined) return { problem: 'Open an archive and a channel first.' };
  if (doc.ranges.length === 0) return { problem: 'Nothing to preview: mark a range first (I, then O).' };
  const { edit, problems } = toEdit(doc);
  if (problems.length > 0) return { problem: `The edit cannot be previewed: ${problems[0]!.message}.` };
  return previewUrl(channel, quality, edit);
}

/** Which range the preview should start in to show `instantUs`: the selected one when it holds it, else the first. */
function rangeIndexFor(doc: EditDocument, instantUs: number, preferredIndex: number): number {
  const holds = (index: number) => {
    const range = doc.ranges[index];
    return range !== undefined && instantUs >= range.startUs && range.endUs !== null && instantUs < range.endUs;
  };
  if (holds(preferredIndex)) return preferredIndex;
  return doc.ranges.findIndex((_, index) => holds(index));
}

/** Ask for the playlist (the server starts rendering its first edge) and read what it shows. */
async function load(url: string): Promise<readonly PreviewTimelineEntry[]> {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(text.trim() || `the preview failed (HTTP ${response.status})`);
  return parsePreviewPlaylist(text);
}

/** Where a preview starts: the range and the source instant in it to show first. */
interface PreviewFocus {
  rangeIndex: number;
  instantUs: number;
}

/**
 * Loads the preview of `doc` and starts the player where `focus` says (or at the start).
 * The focus is read once the playlist is there: the old preview may have played on while
 * the new one was made, and playback goes on from the frame on screen, not from before.
 */
async function show(doc: EditDocument, focus: () => PreviewFocus | undefined): Promise<void> {
  const url = urlOf(doc);
  if (typeof url !== 'string') {
    notice(url.problem);
    return;
  }
  const generation = usePreview.getState().generation + 1;
  usePreview.setState({ loading: true, generation });
  const current = () => usePreview.getState().generation === generation;
  try {
    const entries = await load(url);
    if (!current()) return;
    const at = focus();
    const editUs = at === undefined ? 0 : (previewEditTimeOf(entries, at.rangeIndex, at.instantUs) ?? 0);
    const edit = toEdit(doc).edit;
    usePreview.setState({ url, entries, edit, startSeconds: editUs / US_PER_SECOND, loading: false });
    const empty = previewLayout(edit, entries).empty;
    if (empty.length > 0) notice(emptyRangesText(empty.map((range) => range.rangeIndex + 1)));
  } catch (error) {
    if (!current()) return;
    usePreview.setState({ loading: false });
    notice(`Preview: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the user is told of ranges (1-based) the preview leaves out for having no footage at all. */
function emptyRangesText(numbers: readonly number[]): string {
  const which = numbers.length === 1 ? `Range ${numbers[0]} holds` : `Ranges ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)} hold`;
  return `${which} no footage at all (inside a hole): the preview leaves ${numbers.length === 1 ? 'it' : 'them'} out and the export refuses the edit. Move or remove ${numbers.length === 1 ? 'the range' : 'them'}.`;
}

export function enterPreview(): Promise<void> {
  const doc = useEdit.getState().history.present;
  const playheadUs = usePlayer.getState().instantUs;
  const selected = doc.ranges.findIndex((range) => range.id === useEdit.getState().selectedId);
  const rangeIndex = playheadUs === undefined ? -1 : rangeIndexFor(doc, playheadUs, selected);
  return show(doc, () => (playheadUs === undefined || rangeIndex < 0 ? undefined : { rangeIndex, instantUs: playheadUs }));
}

/** Back to the archive's window, at the source instant of the frame on screen (the window moves there when it must). */
export function leavePreview(): void {
  const position = currentPreviewPosition();
  const wasShowing = usePreview.getState().url !== undefined;
  usePreview.setState((s) => ({
    url: undefined,
    entries: [],
    edit: undefined,
    movedEdge: undefined,
    loading: false,
    returnInstantUs: position?.instantUs,
    generation: s.generation + 1,
  }));
  const archive = useArchive.getState();
  const window = archive.window;
  if (!wasShowing || position === undefined || window === undefined) return;
  if (position.instantUs >= window.startUs && position.instantUs < window.endUs) return;
  const halfUs = Math.floor((window.endUs - window.startUs) / 2);
  archive.setWindow({ startUs: position.instantUs - halfUs, endUs: position.instantUs - halfUs + (window.endUs - window.startUs) });
}

export function togglePreview(): Promise<void> {
  if (usePreview.getState().url !== undefined || usePreview.getState().loading) {
    leavePreview();
    return Promise.resolve();
  }
  return enterPreview();
}

export function inPreview(): boolean {
  return usePreview.getState().url !== undefined;
}

/**
 * Moves an edge of range `rangeIndex` to `instantUs` (a mark, or a drag on the preview
 * timeline); the preview of the new edit shows the frame at the moved edge (the range's
 * new first frame, or its last), which for I and O is the frame that was on screen.
 */
export function moveEdge(rangeIndex: number, edge: 'start' | 'end', instantUs: number): void {
  const edit = useEdit.getState();
  const range = edit.history.present.ranges[rangeIndex];
  if (range === undefined || range.endUs === null) return;
  usePreview.setState({ movedEdge: { rangeId: range.id, edge } });
  if (edge === 'start') edit.setBounds(range.id, instantUs, range.endUs);
  else edit.setBounds(range.id, range.startUs, instantUs);
  // followEdits ran inside setBounds; a refused move (an end before the start) leaves nothing to show.
  usePreview.setState({ movedEdge: undefined });
  edit.select(range.id);
}

/** I or O in preview mode: the range under the playhead starts or ends at the frame on screen. */
export function markInPreview(edge: 'start' | 'end'): void {
  const position = currentPreviewPosition();
  if (position === undefined) {
    notice('No frame of the edit on screen to mark.');
    return;
  }
  moveEdge(position.rangeIndex, edge, position.instantUs);
}

/** The range and instant an edge just moved by moveEdge asks the next preview to show. */
function movedEdgeFocus(doc: EditDocument): PreviewFocus | undefined {
  const moved = usePreview.getState().movedEdge;
  if (moved === undefined) return undefined;
  usePreview.setState({ movedEdge: undefined });
  const rangeIndex = doc.ranges.findIndex((range) => range.id === moved.rangeId);
  const range = doc.ranges[rangeIndex];
  if (range === undefined || range.endUs === null) return undefined;
  return { rangeIndex, instantUs: moved.edge === 'start' ? range.startUs : range.endUs - 1 };
}

/** The source instant on screen (in the edit `before`) as a place in the edit `doc`, kept inside its range. */
function onScreenFocus(before: EditDocument, doc: EditDocument): PreviewFocus | undefined {
  const position = currentPreviewPosition();
  const shownRange = position && before.ranges[position.rangeIndex];
  const rangeIndex = shownRange ? doc.ranges.findIndex((range) => range.id === shownRange.id) : -1;
  const range = doc.ranges[rangeIndex];
  if (position === undefined || range === undefined || range.endUs === null) return undefined;
  return { rangeIndex, instantUs: Math.min(Math.max(position.instantUs, range.startUs), range.endUs - 1) };
}

/**
 * Shows the preview of every change to the edit (marks, drags, the ranges panel, undo)
 * while in preview mode: at a moved edge (moveEdge), else at the source instant on
 * screen, kept inside its range. Returns the unsubscribe.
 */
export function followEdits(): () => void {
  return useEdit.subscribe((state, previous) => {
    if (state.history.present === previous.history.present || !inPreview()) return;
    const doc = state.history.present;
    const moved = movedEdgeFocus(doc);
    void show(doc, () => moved ?? onScreenFocus(previous.history.present, doc));
  });
}
