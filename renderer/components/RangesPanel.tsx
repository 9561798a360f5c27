/** Every range in play order with its times, label and the transition to the next; the total output length. */
import { useState } from 'react';
import { HARD_CUT, type Transition } from '../../shared/edit';
import { transitionCatalogue, transitionInfo } from '../../shared/transitions';
import { formatDuration, parseDecimalSecondsUs, US_PER_SECOND } from '../../shared/time';
import { outputDurationUs, type DocRange } from '../edit/document';
import { runAction } from '../keyboard/actions';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { DEFAULT_TRANSITION_US, useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { TimeField } from './TimeField';
import { TransitionPreview } from './TransitionPreview';

/** How far before a range's end "play to end" starts. */
const PLAY_TO_END_US = 3 * US_PER_SECOND;

function withPlayhead(run: (instantUs: number) => void): () => void {
  return () => {
    const instantUs = usePlayer.getState().instantUs;
    if (instantUs === undefined) useNotice.getState().show('Load a window first: the playhead is not on any footage.', 'error');
    else run(instantUs);
  };
}

function playFrom(instantUs: number): void {
  player.seekInstant(instantUs);
  player.play();
}

function RangeCard({ range, index, count }: { range: DocRange; index: number; count: number }) {
  const selected = useEdit((s) => s.selectedId === range.id);
  const { select, setBounds, setLabel, move, duplicate, remove } = useEdit.getState();
  const referenceUs = useArchive((s) => s.window?.startUs ?? range.startUs);
  return (
    <li
      className={`range-card${selected ? ' selected' : ''}`}
      data-range-index={index}
      draggable
      onDragStart={(e) => e.dataTransfer.setData('text/x-trimdesk-range', range.id)}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const id = e.dataTransfer.getData('text/x-trimdesk-range');
        if (id) move(id, index);
      }}
      onClick={() => select(range.id)}
    >
      <div className="range-head">
        <span className="range-number">{index + 1}</span>
        <input className="range-label" aria-label={`Label of range ${index + 1}`} placeholder="Label" defaultValue={range.label} key={range.label} onBlur={(e) => e.target.value !== range.label && setLabel(range.id, e.target.value)} />
        <span className="range-duration">{range.endUs === null ? 'open' : formatDuration(range.endUs - range.startUs)}</span>
        <button title="Move up" aria-label="Move up" disabled={index === 0} onClick={() => move(range.id, index - 1)}>↑</button>
        <button title="Move down" aria-label="Move down" disabled={index === count - 1} onClick={() => move(range.id, index + 1)}>↓</button>
        <button title="Duplicate" aria-label="Duplicate" onClick={() => duplicate(range.id)}>copy</button>
        <button title="Remove (Delete)" aria-label="Remove" onClick={() => remove(range.id)}>✕</button>
      </div>
      <div className="range-times">
        <TimeField label="Start" valueUs={range.startUs} referenceUs={referenceUs} onCommit={(us) => setBounds(range.id, us, range.endUs)} />
        <button title="Set the start to the playhead" aria-label="Set the start to the playhead" onClick={withPlayhead((us) => setBounds(range.id, us, range.endUs))}>here</button>
        <button title="Play from the start" aria-label="Play from the start" onClick={() => playFrom(range.startUs)}>▶</button>
        <TimeField label="End" valueUs={range.endUs} referenceUs={range.startUs} placeholder="press O" onCommit={(us) => setBounds(range.id, range.startUs, us)} />
        <button title="Set the end to the playhead" aria-label="Set the end to the playhead" onClick={withPlayhead((us) => setBounds(range.id, range.startUs, us))}>here</button>
        <button title="Play the last seconds up to the end" aria-label="Play up to the end" disabled={range.endUs === null} onClick={() => range.endUs !== null && playFrom(Math.max(range.startUs, range.endUs - PLAY_TO_END_US))}>▶</button>
      </div>
    </li>
  );
}

function TransitionRow({ index, transition, before, after }: { index: number; transition: Transition; before: DocRange; after: DocRange }) {
  const setTransition = useEdit((s) => s.setTransition);
  const [previewing, setPreviewing] = useState(false);
  const [secondsText, setSecondsText] = useState<string>();
  const durationUs = transition.kind === 'named' ? transition.durationUs : DEFAULT_TRANSITION_US;
  const choose = (name: string) => setTransition(index, name === 'cut' ? HARD_CUT : { kind: 'named', name, durationUs });
  const commitSeconds = (text: string) => {
    setSecondsText(undefined);
    const us = parseDecimalSecondsUs(text.trim());
    if (us === undefined || us <= 0) useNotice.getState().show(`Transition ${index + 1}: "${text}" is not a duration in seconds (e.g. 1.5).`, 'error');
    else if (transition.kind === 'named') setTransition(index, { ...transition, durationUs: us });
  };
  return (
    <li className="transition-row" data-transition-index={index}>
      <label>
        <span>Transition</span>
        <select aria-label={`Transition ${index + 1}`} value={transition.kind === 'cut' ? 'cut' : transition.name} onChange={(e) => choose(e.target.value)}>
          <option value="cut">Hard cut</option>
          {transitionCatalogue().map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
      </label>
      {transition.kind === 'named' && (
        <>
          <label>
            <input
              aria-label={`Transition ${index + 1} seconds`}
              className="seconds"
              value={secondsText ?? String(transition.durationUs / US_PER_SECOND)}
              onChange={(e) => setSecondsText(e.target.value)}
              onBlur={(e) => commitSeconds(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && commitSeconds(e.currentTarget.value)}
            />
            s
          </label>
          <button disabled={before.endUs === null || after.endUs === null} onClick={() => setPreviewing(true)}>Preview</button>
          <small className="muted description">{transitionInfo(transition.name)?.description}</small>
          {previewing && <TransitionPreview before={before} after={after} transition={transition} onClose={() => setPreviewing(false)} />}
        </>
      )}
    </li>
  );
}

export function RangesPanel() {
  const doc = useEdit((s) => s.history.present);
  const total = outputDurationUs(doc);
  const noPlayhead = usePlayer((s) => s.instantUs === undefined);
  return (
    <section className="ranges-panel" aria-label="Ranges">
      <div className="panel-head">
        <h2>Ranges</h2>
        <span className="total" data-testid="total-duration" title="Length of the exported video">Total {formatDuration(total)}</span>
      </div>
      {/* The mouse way to what I and O do: without these, ranges could only be made from the keyboard. */}
      <div className="mark-buttons">
        <button onClick={() => runAction('ranges.markStart')} disabled={noPlayhead} title="Start a range at the playhead (I)">Mark start <kbd>I</kbd></button>
        <button onClick={() => runAction('ranges.markEnd')} disabled={noPlayhead} title="End the range at the playhead (O)">Mark end <kbd>O</kbd></button>
        <button onClick={() => runAction('ranges.split')} disabled={noPlayhead || doc.ranges.length === 0} title="Split the range under the playhead (B)">Split <kbd>B</kbd></button>
      </div>
      {doc.ranges.length === 0 ? (
        <p className="muted">No ranges yet. Play to where a range starts and press <kbd>I</kbd>, then to where it ends and press <kbd>O</kbd>.</p>
      ) : (
        <ol className="ranges">
          {doc.ranges.flatMap((range, index) => {
            const items = [<RangeCard key={range.id} range={range} index={index} count={doc.ranges.length} />];
            const next = doc.ranges[index + 1];
            const transition = doc.transitions[index];
            if (next && transition) items.push(<TransitionRow key={`t-${range.id}-${next.id}`} index={index} transition={transition} before={range} after={next} />);
            return items;
          })}
        </ol>
      )}
    </section>
  );
}
