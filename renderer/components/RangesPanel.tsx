/**
 * Every range in play order with its times, label and the transition to the next; the total
 * output length. The list builds only the rows in view (VirtualList) and one transition
 * picker serves every join, so a 20,000-range edit opens without freezing the window.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { HARD_CUT, type Transition } from '../../shared/edit';
import { transitionCatalogue, transitionInfo } from '../../shared/transitions';
import { formatDuration, parseDecimalSecondsUs, US_PER_SECOND } from '../../shared/time';
import { indexOfRange, outputDurationUs, type DocRange } from '../edit/document';
import { useEditMeasure } from '../edit/edit-measure';
import { afterPendingActions, runAction } from '../keyboard/actions';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { DEFAULT_TRANSITION_US, useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { TimeField } from './TimeField';
import { TransitionPreview } from './TransitionPreview';
import { VirtualList } from './VirtualList';

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

/** From the range's first frame: in preview, in that range, where its footage may also be in another. */
function playFromStart(range: DocRange): void {
  player.seekRangeStart(range);
  player.play();
}

function RangeCard({ range, index, count }: { range: DocRange; index: number; count: number }) {
  const selected = useEdit((s) => s.selectedId === range.id);
  const { select, setStart, setEnd, setLabel, move, duplicate, remove } = useEdit.getState();
  const referenceUs = useArchive((s) => s.window?.startUs ?? range.startUs);
  return (
    <div
      className={`range-card${selected ? ' selected' : ''}`}
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
        <input
          className="range-label"
          aria-label={`Label of range ${index + 1}`}
          placeholder="Label"
          defaultValue={range.label}
          key={range.label}
          onBlur={(e) => e.target.value !== range.label && setLabel(range.id, e.target.value)}
        />
        <span className="range-duration">{range.endUs === null ? 'open' : formatDuration(range.endUs - range.startUs)}</span>
        <button title="Move up" aria-label="Move up" disabled={index === 0} onClick={() => move(range.id, index - 1)}>
          ↑
        </button>
        <button title="Move down" aria-label="Move down" disabled={index === count - 1} onClick={() => move(range.id, index + 1)}>
          ↓
        </button>
        <button title="Duplicate" aria-label="Duplicate" onClick={() => duplicate(range.id)}>
          copy
        </button>
        <button title="Remove (Delete)" aria-label="Remove" onClick={() => remove(range.id)}>
          ✕
        </button>
      </div>
      <div className="range-times">
        <TimeField
          label="Start"
          valueUs={range.startUs}
          referenceUs={referenceUs}
          onCommit={(us) => afterPendingActions('Range start', () => setStart(range.id, us))}
        />
        <button
          title="Set the start to the playhead"
          aria-label="Set the start to the playhead"
          onClick={() =>
            afterPendingActions(
              'Range start here',
              withPlayhead((us) => setStart(range.id, us)),
            )
          }
        >
          here
        </button>
        <button title="Play from the start" aria-label="Play from the start" onClick={() => playFromStart(range)}>
          ▶
        </button>
        <TimeField
          label="End"
          valueUs={range.endUs}
          referenceUs={range.startUs}
          placeholder="press O"
          onCommit={(us) => afterPendingActions('Range end', () => setEnd(range.id, us))}
        />
        <button
          title="Set the end to the playhead"
          aria-label="Set the end to the playhead"
          onClick={() =>
            afterPendingActions(
              'Range end here',
              withPlayhead((us) => setEnd(range.id, us)),
            )
          }
        >
          here
        </button>
        <button
          title="Play the last seconds up to the end"
          aria-label="Play up to the end"
          disabled={range.endUs === null}
          onClick={() => range.endUs !== null && playFrom(Math.max(range.startUs, range.endUs - PLAY_TO_END_US))}
        >
          ▶
        </button>
      </div>
    </div>
  );
}

function transitionText(transition: Transition): string {
  return transition.kind === 'cut' ? 'Hard cut' : `${transition.name} ${transition.durationUs / US_PER_SECOND} s`;
}

/** The join below a range: a button showing its transition that opens the shared picker. */
function TransitionButton({ index, transition, open, onOpen }: { index: number; transition: Transition; open: boolean; onOpen(): void }) {
  const text = transitionText(transition);
  return (
    <div className="transition-row">
      <button
        className="transition-button"
        data-transition-button={index}
        aria-label={`Transition ${index + 1}: ${text}`}
        aria-expanded={open}
        aria-controls="transition-picker"
        onClick={onOpen}
      >
        {text}
      </button>
    </div>
  );
}

/**
 * The one transition editor of the panel, docked under the list, for the join the user
 * opened: a select and a seconds field per join made a 20,000-range list unbearably heavy.
 */
function TransitionPicker({ index, onClose }: { index: number; onClose(): void }) {
  const doc = useEdit((s) => s.history.present);
  const setTransition = useEdit((s) => s.setTransition);
  const [previewing, setPreviewing] = useState(false);
  const [secondsText, setSecondsText] = useState<string>();
  const transition = doc.transitions[index];
  const before = doc.ranges[index];
  const after = doc.ranges[index + 1];
  if (transition === undefined || before === undefined || after === undefined) return null;
  const durationUs = transition.kind === 'named' ? transition.durationUs : DEFAULT_TRANSITION_US;
  const choose = (name: string) => setTransition(index, name === 'cut' ? HARD_CUT : { kind: 'named', name, durationUs });
  const commitSeconds = (text: string) => {
    setSecondsText(undefined);
    const us = parseDecimalSecondsUs(text.trim());
    if (us === undefined || us <= 0) useNotice.getState().show(`Transition ${index + 1}: "${text}" is not a duration in seconds (e.g. 1.5).`, 'error');
    else if (transition.kind === 'named') setTransition(index, { ...transition, durationUs: us });
  };
  return (
    <div className="transition-picker" id="transition-picker" role="group" aria-label={`Transition ${index + 1}, between ranges ${index + 1} and ${index + 2}`}>
      <div className="picker-head">
        <strong>Transition {index + 1}</strong>
        <span className="muted">
          between ranges {index + 1} and {index + 2}
        </span>
        <button aria-label="Close the transition picker" title="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="picker-fields">
        <select
          autoFocus
          aria-label={`Transition ${index + 1}`}
          value={transition.kind === 'cut' ? 'cut' : transition.name}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="cut">Hard cut</option>
          {transitionCatalogue().map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
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
            <button disabled={before.endUs === null || after.endUs === null} onClick={() => setPreviewing(true)}>
              Preview
            </button>
          </>
        )}
      </div>
      {transition.kind === 'named' && <small className="muted description">{transitionInfo(transition.name)?.description}</small>}
      {previewing && transition.kind === 'named' && (
        <TransitionPreview before={before} after={after} transition={transition} onClose={() => setPreviewing(false)} />
      )}
    </div>
  );
}

/** Height of one list row (a range card and the join below it); the CSS gives rows this height. */
const ROW_HEIGHT_PX = 112;

export function RangesPanel() {
  const doc = useEdit((s) => s.history.present);
  const { channel, quality } = useArchive(useShallow((s) => ({ channel: s.channel, quality: s.quality })));
  const measure = useEditMeasure(doc, channel, quality);
  // Hole time is in no export: once the archive has answered, the total is the footage's.
  const total = measure ? Math.round(measure.durationSeconds * US_PER_SECOND) : outputDurationUs(doc);
  const missingUs = measure ? Math.round(measure.missingSeconds * US_PER_SECOND) : 0;
  const noPlayhead = usePlayer((s) => s.instantUs === undefined);
  const selectedIndex = useEdit((s) => indexOfRange(s.history.present, s.selectedId));
  const [picking, setPicking] = useState<number>();
  const closePicker = () => {
    const index = picking;
    setPicking(undefined);
    // Focus goes back to the join's button (kept built while the picker was open).
    if (index !== undefined) document.querySelector<HTMLButtonElement>(`[data-transition-button="${index}"]`)?.focus();
  };
  return (
    <section className="ranges-panel" aria-label="Ranges">
      <div className="panel-head">
        <h2>Ranges</h2>
        <span className="total" data-testid="total-duration" title="Length of the exported video">
          Total {formatDuration(total)}
        </span>
        {missingUs > 0 && (
          <span
            className="missing"
            data-testid="missing-duration"
            title="Time inside the ranges with no footage: the export refuses it, or skips it with Allow holes"
          >
            {formatDuration(missingUs)} without footage
          </span>
        )}
      </div>
      {/* The mouse way to what I and O do: without these, ranges could only be made from the keyboard. */}
      <div className="mark-buttons">
        <button onClick={() => runAction('ranges.markStart')} disabled={noPlayhead} title="Start a range at the playhead (I)">
          Mark start <kbd>I</kbd>
        </button>
        <button onClick={() => runAction('ranges.markEnd')} disabled={noPlayhead} title="End the range at the playhead (O)">
          Mark end <kbd>O</kbd>
        </button>
        <button onClick={() => runAction('ranges.split')} disabled={noPlayhead || doc.ranges.length === 0} title="Split the range under the playhead (B)">
          Split <kbd>B</kbd>
        </button>
      </div>
      {doc.ranges.length === 0 ? (
        <p className="muted">
          No ranges yet. Play to where a range starts and press <kbd>I</kbd>, then to where it ends and press <kbd>O</kbd>.
        </p>
      ) : (
        <VirtualList
          className="ranges"
          label={`${doc.ranges.length} ranges in play order`}
          count={doc.ranges.length}
          rowHeightPx={ROW_HEIGHT_PX}
          revealIndex={selectedIndex < 0 ? undefined : selectedIndex}
          keepIndexes={[picking]}
          rowKey={(index) => doc.ranges[index]!.id}
          renderRow={(index) => {
            const transition = doc.transitions[index];
            return (
              <>
                <RangeCard range={doc.ranges[index]!} index={index} count={doc.ranges.length} />
                {transition && <TransitionButton index={index} transition={transition} open={picking === index} onOpen={() => setPicking(index)} />}
              </>
            );
          }}
        />
      )}
      {picking !== undefined && picking < doc.transitions.length && <TransitionPicker key={picking} index={picking} onClose={closePicker} />}
    </section>
  );
}
