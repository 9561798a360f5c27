/**
 * The ranges and transitions being edited, with undo/redo of every change. Actions take
 * instants (the player's clock), never media times.
 */
import { create } from 'zustand';
import { canRedo, canUndo, commitEdit, historyOf, redoEdit, undoEdit, type EditHistory } from '../../shared/edit-history';
import { MAX_EDIT_RANGES, type Transition } from '../../shared/edit';
import { formatDuration, US_PER_SECOND } from '../../shared/time';
import type { VideoDetails } from '../../shared/video-details';
import {
  EMPTY_DOCUMENT,
  duplicateRange,
  indexOfRange,
  insertRange,
  moveRange,
  newRangeId,
  rangeAt,
  removeRange,
  setDetails,
  setTransition,
  splitRange,
  updateRange,
  type DocRange,
  type EditDocument,
} from '../edit/document';
import { useNotice } from './notice';

interface EditState {
  history: EditHistory<EditDocument>;
  selectedId: string | undefined;
  /** Replaces the document without an undo step (autosave restore, project open). */
  load(doc: EditDocument): void;
  /** Records an edit as one undo step. */
  apply(change: (doc: EditDocument) => EditDocument): void;
  undo(): void;
  redo(): void;
  select(id: string | undefined): void;
  selectAdjacent(step: 1 | -1): DocRange | undefined;
  markStart(instantUs: number): void;
  markEnd(instantUs: number): void;
  splitAt(instantUs: number): void;
  remove(id: string): void;
  duplicate(id: string): void;
  move(id: string, toIndex: number): void;
  setBounds(id: string, startUs: number, endUs: number | null): void;
  /** Moves one bound, keeping the range's other bound as it is when this runs. */
  setStart(id: string, startUs: number): void;
  setEnd(id: string, endUs: number): void;
  setLabel(id: string, label: string): void;
  setTransition(index: number, transition: Transition): void;
  /** One undo step per call: fields typed into record a step each change. */
  setDetails(patch: Partial<VideoDetails>): void;
}

export const useEdit = create<EditState>()((set, get) => {
  const doc = () => get().history.present;
  const selected = () => doc().ranges.find((r) => r.id === get().selectedId);
  const apply = (change: (d: EditDocument) => EditDocument) => set((s) => ({ history: commitEdit(s.history, change(s.history.present)) }));
  const refuse = (text: string) => useNotice.getState().show(text, 'error');
  /** True (and says so) when one more range would pass the limit project files and exports enforce. */
  const full = () => {
    if (doc().ranges.length < MAX_EDIT_RANGES) return false;
    refuse(
      `The edit already has ${MAX_EDIT_RANGES.toLocaleString('en-US')} ranges, the most Trimdesk allows; remove some, or save this project and start another.`,
    );
    return true;
  };

  return {
    history: historyOf(EMPTY_DOCUMENT),
    selectedId: undefined,
    load: (d) => set({ history: historyOf(d), selectedId: d.ranges[0]?.id }),
    apply,
    undo: () => set((s) => ({ history: undoEdit(s.history) })),
    redo: () => set((s) => ({ history: redoEdit(s.history) })),
    select: (id) => set({ selectedId: id }),

    selectAdjacent(step) {
      const ranges = doc().ranges;
      if (ranges.length === 0) return undefined;
      const index = indexOfRange(doc(), get().selectedId);
      const next = ranges[index < 0 ? (step > 0 ? 0 : ranges.length - 1) : Math.max(0, Math.min(ranges.length - 1, index + step))]!;
      set({ selectedId: next.id });
      return next;
    },

    /** I: moves the selected range's start here, or starts a new range when here is past its end. */
    markStart(instantUs) {
      const range = selected() ?? rangeAt(doc(), instantUs);
      if (range && (range.endUs === null || instantUs < range.endUs)) {
        apply((d) => updateRange(d, range.id, { startUs: instantUs }));
        set({ selectedId: range.id });
        return;
      }
      if (full()) return;
      const id = newRangeId();
      const index = range ? indexOfRange(doc(), range.id) + 1 : doc().ranges.length;
      apply((d) => insertRange(d, index, { id, startUs: instantUs, endUs: null, label: '' }));
      set({ selectedId: id });
    },

    /** O: ends the selected range here. */
    markEnd(instantUs) {
      const range = selected() ?? rangeAt(doc(), instantUs);
      if (range === undefined) {
        refuse('No range to end: press I where a range starts first.');
        return;
      }
      if (instantUs <= range.startUs) {
        refuse(`The end must be after the start of range ${indexOfRange(doc(), range.id) + 1}; move past its start, or press I to move the start.`);
        return;
      }
      apply((d) => updateRange(d, range.id, { endUs: instantUs }));
      set({ selectedId: range.id });
    },

    splitAt(instantUs) {
      const range = rangeAt(doc(), instantUs, get().selectedId);
      if (range === undefined) {
        refuse('Nothing to split: the playhead is not inside a range.');
        return;
      }
      if (full()) return;
      const secondId = newRangeId();
      apply((d) => splitRange(d, range.id, instantUs, secondId));
      set({ selectedId: secondId });
    },

    remove(id) {
      const index = indexOfRange(doc(), id);
      apply((d) => removeRange(d, id));
      const ranges = doc().ranges;
      set({ selectedId: ranges[Math.min(index, ranges.length - 1)]?.id });
    },

    duplicate(id) {
      if (full()) return;
      const copyId = newRangeId();
      apply((d) => duplicateRange(d, id, copyId));
      set({ selectedId: copyId });
    },

    move: (id, toIndex) => apply((d) => moveRange(d, id, toIndex)),

    setBounds(id, startUs, endUs) {
      if (endUs !== null && endUs <= startUs) {
        refuse(`A range must end after it starts (it would be ${formatDuration(endUs - startUs)} long).`);
        return;
      }
      apply((d) => updateRange(d, id, { startUs, endUs }));
    },

    setStart(id, startUs) {
      const range = doc().ranges.find((r) => r.id === id);
      if (range) get().setBounds(id, startUs, range.endUs);
    },
    setEnd(id, endUs) {
      const range = doc().ranges.find((r) => r.id === id);
      if (range) get().setBounds(id, range.startUs, endUs);
    },

    setLabel: (id, label) => apply((d) => updateRange(d, id, { label })),
    setTransition: (index, transition) => apply((d) => setTransition(d, index, transition)),
    setDetails: (patch) => apply((d) => setDetails(d, patch)),
  };
});

export const editCanUndo = (s: EditState) => canUndo(s.history);
export const editCanRedo = (s: EditState) => canRedo(s.history);

/** Default transition length when the user picks a named one. */
export const DEFAULT_TRANSITION_US = 1 * US_PER_SECOND;
