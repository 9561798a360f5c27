/**
 * E: choose how to export (cut type, container, holes, destination), see the plan the
 * main process will run, and start the job.
 */
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { useShallow } from 'zustand/react/shallow';
import type { destinationCheckSchema, exportPlanSchema } from '../../shared/api/export';
import { overlappingRanges } from '../../shared/edit';
import { formatDuration, formatHour, US_PER_SECOND } from '../../shared/time';
import { client, desktop } from '../bridge/bridge';
import { useSettledCall } from '../bridge/settled-call';
import { outputDurationUs, toEdit } from '../edit/document';
import { useEditMeasure } from '../edit/edit-measure';
import { CUT_TYPES, exportEdit, type CutType, type OutputFormat } from '../edit/export-request';
import { describeError, useArchive } from '../stores/archive';
import { useDialogs } from '../stores/dialogs';
import { useEdit } from '../stores/edit';
import { useJobs } from '../stores/jobs';
import { useNotice } from '../stores/notice';
import { exportDetailsOf } from '../publish/details';
import { ClockText } from './ClockText';
import { ExportDetails, detailsWanted } from './ExportDetails';

type Plan = z.output<typeof exportPlanSchema>;
type DestinationCheck = z.output<typeof destinationCheckSchema>;

const FORMATS: readonly { format: OutputFormat; label: string }[] = [
  { format: 'ts', label: 'MPEG-TS (.ts)' },
  { format: 'mp4', label: 'MP4 (.mp4)' },
  { format: 'mkv', label: 'Matroska (.mkv)' },
  { format: 'webm', label: 'WebM (.webm)' },
];

/**
 * Containers each cut type can write (shared/cutplan/plan.ts refuses the others): archive
 * cuts are MKV only, and WebM needs VP9/Opus, which only a full re-encode makes. The
 * dialog offers only these, so the planner's refusal (worded for the CLI) never shows here.
 */
function containersFor(cutType: CutType): readonly OutputFormat[] {
  if (cutType === 'archive') return ['mkv'];
  if (cutType === 'full') return ['ts', 'mp4', 'mkv', 'webm'];
  return ['ts', 'mp4', 'mkv'];
}

/** Why a container is greyed out for a cut type, as the option's tooltip. */
function containerUnavailable(cutType: CutType, format: OutputFormat): string | undefined {
  if (containersFor(cutType).includes(format)) return undefined;
  if (cutType === 'archive') return 'Archive cuts are saved as Matroska (.mkv) files';
  return 'WebM needs the picture and sound re-encoded: choose the full cut type';
}

/** Quiet time after typing a destination before it is checked on disk. */
const DESTINATION_SETTLE_MS = 250;

/** What the destination would replace, asked a moment after it stops changing. */
function useDestinationCheck(outputPath: string, cutType: CutType): DestinationCheck | undefined {
  const input = useMemo(() => ({ outputPath, cutType }), [outputPath, cutType]);
  return useSettledCall(input, (request) => client.checkDestination(request), DESTINATION_SETTLE_MS);
}

function fileName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

/** The warning under the destination: what it would replace, and the two ways on. */
function DestinationStatus(props: {
  check: DestinationCheck | undefined;
  overwrite: boolean;
  onOverwrite: (value: boolean) => void;
  onRename: (path: string) => void;
}) {
  const { check, overwrite } = props;
  if (check === undefined) return null;
  if (check.problem !== null) {
    return (
      <p className="error" role="alert" data-testid="destination-status">
        {check.problem}
      </p>
    );
  }
  if (check.existing.length === 0) return null;
  const names = check.existing.map(fileName);
  const what =
    names.length === 1
      ? `${names[0]} already exists`
      : `${names.length} files of this name already exist (${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''})`;
  return (
    <div className={overwrite ? 'destination-status muted' : 'destination-status warning'} role="status" data-testid="destination-status">
      <span>{overwrite ? `${what}; the export will replace ${names.length === 1 ? 'it' : 'them'}.` : `${what}.`}</span>
      {check.suggestedPath !== null && <button onClick={() => props.onRename(check.suggestedPath!)}>Use {fileName(check.suggestedPath)}</button>}
      <label>
        <input type="checkbox" checked={overwrite} onChange={(e) => props.onOverwrite(e.target.checked)} /> Replace {names.length === 1 ? 'it' : 'them'}
      </label>
    </div>
  );
}

/** Ranges sharing footage: allowed (repeats can be on purpose), but said, since it is usually a slip. */
function OverlapWarning({ ranges }: { ranges: readonly { startUs: number; endUs: number }[] }) {
  const overlaps = useMemo(() => overlappingRanges(ranges, 4), [ranges]);
  if (overlaps.length === 0) return null;
  return (
    <div className="warning" role="status" data-testid="overlap-warning">
      {overlaps.slice(0, 3).map((overlap) => (
        <p key={`${overlap.first}-${overlap.second}`}>
          Ranges {overlap.first + 1} and {overlap.second + 1} share {formatDuration(overlap.overlapUs)} of footage: it will play twice.
        </p>
      ))}
      {overlaps.length > 3 && <p>More ranges overlap too.</p>}
    </div>
  );
}

/**
 * The quality an export starts on: the one the user chose to watch, or else the best
 * recording (source), since the player picks the lightest on its own for smoothness.
 */
function startingQuality(qualities: readonly string[], watching: string | undefined, chosen: boolean): string | undefined {
  if (chosen || !qualities.includes('source')) return watching;
  return 'source';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The summary's words for time without footage. A range with none at all is refused
 * whether holes are allowed or not (nothing to skip to): allowing holes is no advice there.
 */
function missingText(measure: { missingSeconds: number; ranges: readonly { contentSeconds: number }[] }, allowHoles: boolean): string {
  const empty = measure.ranges.flatMap((range, index) => (range.contentSeconds === 0 ? [index + 1] : []));
  if (empty.length > 0) {
    const which = empty.length === 1 ? `range ${empty[0]} has` : `ranges ${empty.join(', ')} have`;
    return `; ${which} no footage at all, which the export refuses with holes allowed or not: move or remove ${empty.length === 1 ? 'it' : 'them'}`;
  }
  if (measure.missingSeconds <= 0) return '';
  const missing = formatDuration(Math.round(measure.missingSeconds * US_PER_SECOND));
  return `; ${missing} inside the ranges has no footage${allowHoles ? ' and is skipped' : ' (allow holes to skip it)'}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** A default destination beside the archive folder (never inside it: the archive is only read). */
function defaultPath(root: string, channel: string, firstStartUs: number | undefined, format: OutputFormat): string {
  const folder = root.replace(/[\\/]+$/, '').replace(/[\\/][^\\/]*$/, '') || '/';
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const stamp = firstStartUs === undefined ? 'export' : formatHour(firstStartUs).replace(':', '-');
  return `${folder}${folder.endsWith(separator) ? '' : separator}${channel}-${stamp}.${format}`;
}

function withExtension(path: string, format: OutputFormat): string {
  return /\.(ts|mp4|mkv|webm)$/i.test(path) ? path.replace(/\.(ts|mp4|mkv|webm)$/i, `.${format}`) : `${path}.${format}`;
}

export function ExportDialog() {
  const doc = useEdit((s) => s.history.present);
  const {
    root,
    channel,
    qualities,
    quality: playingQuality,
    qualityChosen,
  } = useArchive(useShallow((s) => ({ root: s.root, channel: s.channel, qualities: s.qualities, quality: s.quality, qualityChosen: s.qualityChosen })));
  const [quality, setQuality] = useState(() => startingQuality(qualities, playingQuality, qualityChosen));
  const [cutType, setCutType] = useState<CutType>('smart');
  const [format, setFormat] = useState<OutputFormat>('ts');
  const [allowHoles, setAllowHoles] = useState(false);
  const [audioFade, setAudioFade] = useState(true);
  const [overwrite, setOverwrite] = useState(false);
  const [outputPath, setOutputPath] = useState(() => defaultPath(root ?? '/', channel ?? 'export', doc.ranges[0]?.startUs, 'ts'));
  const [plan, setPlan] = useState<Plan>();
  const [planError, setPlanError] = useState<string>();
  const [startError, setStartError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [writeDetails, setWriteDetails] = useState(detailsWanted);
  const { edit, problems } = toEdit(doc);
  const measure = useEditMeasure(doc, channel, quality);
  const destination = useDestinationCheck(outputPath, cutType);
  const destinationBlocks = destination === undefined || destination.problem !== null || (destination.existing.length > 0 && !overwrite);
  const request = useMemo(
    () => (channel && quality && problems.length === 0 ? exportEdit(doc, { channel, quality, cutType, format, allowHoles, audioFade }) : undefined),
    [doc, channel, quality, cutType, format, allowHoles, audioFade, problems.length],
  );

  useEffect(() => {
    setPlan(undefined);
    setPlanError(undefined);
    // A refusal of the options before is no longer the answer (ticking Allow holes cures it).
    setStartError(undefined);
    if (request === undefined) return;
    let current = true;
    client.planExport(request).then(
      (result) => current && setPlan(result),
      (error: unknown) => current && setPlanError(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [request]);

  const chooseDestination = async () => {
    const chosen = await desktop?.chooseSavePath({ title: 'Export to', defaultPath: outputPath, extensions: [format] });
    if (chosen) setOutputPath(chosen);
  };

  // Consent to replace a file is for that file: a new destination asks again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose when the path changes
  useEffect(() => setOverwrite(false), [outputPath]);

  const chooseCutType = (next: CutType) => {
    setCutType(next);
    if (containersFor(next).includes(format)) return;
    const container = next === 'archive' ? 'mkv' : 'ts';
    setFormat(container);
    setOutputPath((path) => withExtension(path, container));
  };

  const start = async () => {
    if (request === undefined) return;
    setStarting(true);
    setStartError(undefined);
    try {
      const job = await useJobs.getState().start({ ...request, outputPath, overwrite, ...(writeDetails ? { details: exportDetailsOf(doc) } : {}) });
      useNotice.getState().show(`Export started: ${job.label}`);
      useDialogs.getState().close();
    } catch (error) {
      setStartError(describeError(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="export">
      <p data-testid="export-summary">
        {plural(doc.ranges.length, 'range')} of {channel},{' '}
        {measure
          ? `${formatDuration(Math.round(measure.durationSeconds * US_PER_SECOND))} of footage in total`
          : `${formatDuration(outputDurationUs(doc))} in total`}
        {measure ? missingText(measure, allowHoles) : ''}.
      </p>
      <OverlapWarning ranges={edit.ranges} />
      {problems.length > 0 && (
        <ul className="problems" role="alert">
          {problems.map((problem) => (
            <li key={problem.message}>
              <ClockText text={problem.message} />
            </li>
          ))}
        </ul>
      )}
      <fieldset>
        <legend>Cut type</legend>
        {CUT_TYPES.map(({ type, summary }) => (
          <label key={type} className="choice">
            <input type="radio" name="cut-type" value={type} checked={cutType === type} onChange={() => chooseCutType(type)} />
            <strong>{type}</strong>
            <small>{summary}</small>
          </label>
        ))}
      </fieldset>
      <div className="export-options">
        <label title="The quality you chose to watch, or else the best recording (the player may stream a lighter one); the export reads this one">
          Quality
          <select aria-label="Export quality" value={quality ?? ''} onChange={(e) => setQuality(e.target.value)}>
            {qualities.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <label>
          Container
          <select
            aria-label="Container"
            value={format}
            onChange={(e) => {
              const next = e.target.value as OutputFormat;
              setFormat(next);
              setOutputPath((path) => withExtension(path, next));
            }}
          >
            {FORMATS.map((f) => (
              <option
                key={f.format}
                value={f.format}
                disabled={containerUnavailable(cutType, f.format) !== undefined}
                title={containerUnavailable(cutType, f.format)}
              >
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label title="Skip missing footage instead of refusing ranges that have holes">
          <input type="checkbox" checked={allowHoles} onChange={(e) => setAllowHoles(e.target.checked)} /> Allow holes
        </label>
        <label title="Fade the sound out and back in over a few milliseconds at each hard cut, so joins do not click; only the sound frames at each join are re-encoded">
          <input type="checkbox" checked={audioFade} onChange={(e) => setAudioFade(e.target.checked)} /> Fade sound at cuts
        </label>
      </div>
      <label className="destination">
        Destination
        <input aria-label="Destination" value={outputPath} onChange={(e) => setOutputPath(e.target.value)} spellCheck={false} />
        {desktop && <button onClick={() => void chooseDestination()}>Choose…</button>}
      </label>
      <DestinationStatus check={destination} overwrite={overwrite} onOverwrite={setOverwrite} onRename={setOutputPath} />
      <ExportDetails outputPath={outputPath} enabled={writeDetails} onToggle={setWriteDetails} />
      {!desktop && (
        <small className="muted">
          Browser mode: the file is written on the machine running <code>trimdesk serve</code>.
        </small>
      )}
      {(request || planError) && (
        <section className="plan" aria-label="Export plan">
          {planError && (
            <p className="error" role="alert">
              <ClockText text={planError} />
            </p>
          )}
          {!planError && !plan && request && <p className="muted">Planning…</p>}
          {plan && (
            <>
              <p>
                Output {formatDuration(Math.round(plan.durationSeconds * US_PER_SECOND))}, about {formatBytes(plan.estimatedBytes)}:{' '}
                {plural(plan.copiedSegments, 'segment')} ({formatDuration(Math.round(plan.copiedSeconds * US_PER_SECOND))}) copied, {plan.reencodedSegments} (
                {formatDuration(Math.round(plan.reencodedSeconds * US_PER_SECOND))}) re-encoded.
              </p>
              {plan.notes.map((note) => (
                <p key={note} className="muted">
                  <ClockText text={note} />
                </p>
              ))}
              <details>
                <summary>Plan and ffmpeg commands</summary>
                <pre>{plan.description.join('\n')}</pre>
              </details>
            </>
          )}
        </section>
      )}
      {/* Start pressed while planning gets the plan's refusal too: said once, in the plan. */}
      {startError && startError !== planError && (
        <p className="error" role="alert">
          <ClockText text={startError} />
        </p>
      )}
      <div className="dialog-buttons">
        <button onClick={useDialogs.getState().close}>Cancel</button>
        <button className="primary" disabled={request === undefined || planError !== undefined || destinationBlocks || starting} onClick={() => void start()}>
          {starting ? 'Starting…' : 'Start export'}
        </button>
      </div>
    </div>
  );
}
