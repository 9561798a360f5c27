/** A few seconds either side of a transition, rendered by the cut route as WebM, in a small window. */
import { useShallow } from 'zustand/react/shallow';
import type { Transition } from '../../shared/edit';
import { US_PER_SECOND } from '../../shared/time';
import { transitionPreviewUrl } from '../bridge/media';
import type { DocRange } from '../edit/document';
import { useArchive } from '../stores/archive';
import { ModalDialog } from './ModalDialog';

/** Footage shown before and after the transition itself. */
const CONTEXT_US = 2 * US_PER_SECOND;

interface TransitionPreviewProps {
  before: DocRange;
  after: DocRange;
  transition: Extract<Transition, { kind: 'named' }>;
  onClose(): void;
}

export function TransitionPreview({ before, after, transition, onClose }: TransitionPreviewProps) {
  const { channel, quality } = useArchive(useShallow((s) => ({ channel: s.channel, quality: s.quality })));
  if (channel === undefined || quality === undefined || before.endUs === null || after.endUs === null) return null;
  const leadUs = transition.durationUs + CONTEXT_US;
  const first = { startUs: Math.max(before.startUs, before.endUs - leadUs), endUs: before.endUs };
  const second = { startUs: after.startUs, endUs: Math.min(after.endUs, after.startUs + leadUs) };
  return (
    <ModalDialog label="Transition preview" kind="preview" onClose={onClose}>
      <header className="modal-head">
        <h2>
          Preview: {transition.name}, {transition.durationUs / US_PER_SECOND} s
        </h2>
      </header>
      <video src={transitionPreviewUrl(channel, quality, first, second, transition)} autoPlay controls loop />
      <p className="muted">Rendered on demand from the archive; it can take a few seconds to start.</p>
      <button onClick={onClose}>Close</button>
    </ModalDialog>
  );
}
