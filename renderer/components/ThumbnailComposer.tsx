/**
 * T: the thumbnail composer. The frame (scaled to the template, as the composer scales
 * it) with the crop box, and the composed thumbnail with the location box, both dragged
 * with the mouse; the preview is the /thumbnail route itself, asked again a moment after
 * each change. Templates are added (a PNG file), renamed and removed here; the result
 * becomes the video's thumbnail choice (an undoable edit).
 */
import { useEffect, useMemo, useState } from 'react';
import { boxHeight, boxText, boxWidth, templateNameProblem, type Box } from '../../shared/thumbnail';
import { formatInstant } from '../../shared/time';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { frameUrl, thumbnailUrl } from '../bridge/media';
import { useArchive } from '../stores/archive';
import { useDialogs } from '../stores/dialogs';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { useTemplates, type TemplateEntry } from '../stores/templates';
import { BOX_KEYS_HINT, BoxOverlay } from './BoxOverlay';

/** Each picture is shown this wide (wider in a big window); boxes are drawn in the template's pixels scaled to it. */
const DISPLAY_WIDTH = 400;
const WIDE_DISPLAY_WIDTH = 560;
/** From this window width the two pictures are shown WIDE_DISPLAY_WIDTH wide (side by side in a 1240 px dialog). */
const WIDE_WINDOW_PX = 1600;

function displayWidthOf(windowWidthPx: number): number {
  return windowWidthPx >= WIDE_WINDOW_PX ? WIDE_DISPLAY_WIDTH : DISPLAY_WIDTH;
}

function useDisplayWidth(): number {
  const [widthPx, setWidthPx] = useState(() => displayWidthOf(window.innerWidth));
  useEffect(() => {
    const onResize = () => setWidthPx(displayWidthOf(window.innerWidth));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return widthPx;
}
const PREVIEW_DELAY_MS = 250;

function TemplateTools({ selected, onSelect }: { selected: TemplateEntry | undefined; onSelect(name: string): void }) {
  const { templates, error } = useTemplates();
  const [newName, setNewName] = useState('');
  const addFile = (file: File) => {
    const name = file.name
      .replace(/\.png$/i, '')
      .replace(/[^A-Za-z0-9 _-]/g, '-')
      .slice(0, 64);
    void useTemplates
      .getState()
      .add(name, file)
      .then((added) => added && onSelect(added.name));
  };
  const nameProblem = newName === '' ? undefined : templateNameProblem(newName);
  return (
    <div className="template-tools">
      <label>
        Template
        <select aria-label="Template" value={selected?.name ?? ''} onChange={(e) => onSelect(e.target.value)}>
          {templates.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.width}x{t.height})
            </option>
          ))}
        </select>
      </label>
      <label className="file-button">
        Add PNG…
        <input type="file" accept="image/png" aria-label="Add a template" onChange={(e) => e.target.files?.[0] && addFile(e.target.files[0])} />
      </label>
      <input aria-label="New template name" placeholder="New name" value={newName} onChange={(e) => setNewName(e.target.value)} />
      <button
        disabled={!selected || newName === '' || nameProblem !== undefined}
        onClick={() =>
          selected &&
          void useTemplates
            .getState()
            .rename(selected.name, newName)
            .then((ok) => {
              if (!ok) return;
              onSelect(newName);
              setNewName('');
            })
        }
      >
        Rename
      </button>
      <button disabled={!selected} onClick={() => selected && void useTemplates.getState().remove(selected.name)}>
        Remove
      </button>
      {(nameProblem ?? error) && (
        <p className="error" role="alert">
          {nameProblem ?? error}
        </p>
      )}
    </div>
  );
}

/**
 * The frame the crop box is drawn on. The /frame route takes a moment (ffmpeg decodes it):
 * until the picture is there it says so, and a refusal is shown in words, never as a
 * black picture that looks like a black frame.
 */
function FramePicture({ url }: { url: string }) {
  // Keyed by the URL: a new frame asked for is loading again.
  const [outcome, setOutcome] = useState<{ url: string; shown: boolean; problem?: string }>({ url, shown: false });
  const current = outcome.url === url ? outcome : { url, shown: false };
  const failed = async () => {
    const response = await fetch(url).catch(() => undefined);
    const reason = response && !response.ok ? (await response.text()).trim() : '';
    setOutcome({ url, shown: false, problem: reason || 'The frame could not be loaded.' });
  };
  return (
    <>
      <img alt="Frame" src={url} draggable={false} onLoad={() => setOutcome({ url, shown: true })} onError={() => void failed()} />
      {!current.shown && (
        <p className={current.problem ? 'composer-status error' : 'composer-status'} role="status">
          {current.problem ?? 'Loading the frame…'}
        </p>
      )}
    </>
  );
}

/** The preview URL, changed only once the boxes have been still for a moment. */
function useSettledUrl(url: string | undefined): string | undefined {
  const [settled, setSettled] = useState(url);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(url), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [url]);
  return settled;
}

export function ThumbnailComposer() {
  const channel = useArchive((s) => s.channel);
  const quality = useArchive((s) => s.quality);
  const playheadUs = usePlayer((s) => s.instantUs);
  const clock = useSettings((s) => s.clock);
  const displayWidth = useDisplayWidth();
  const chosen = useEdit((s) => s.history.present.details.thumbnail);
  const templates = useTemplates((s) => s.templates);
  const revision = useTemplates((s) => s.revision);
  const [templateName, setTemplateName] = useState(chosen.kind === 'template' ? chosen.template : 'default');
  const [instantUs, setInstantUs] = useState(chosen.kind === 'template' ? chosen.instantUs : playheadUs);
  const [boxes, setBoxes] = useState<{ crop: Box; location: Box } | undefined>(chosen.kind === 'template' ? chosen : undefined);
  const [locked, setLocked] = useState(true);
  const template = templates.find((t) => t.name === templateName) ?? templates[0];

  useEffect(() => void useTemplates.getState().refresh(), []);
  useEffect(() => {
    // A template chosen (or first listed) brings its own boxes, unless the video's choice already has some for it.
    if (template && (boxes === undefined || template.name !== templateName)) {
      setTemplateName(template.name);
      setBoxes({ crop: template.crop, location: template.location });
    }
  }, [template, templateName, boxes]);

  const previewWanted = useMemo(
    () =>
      channel && quality && template && boxes && instantUs !== undefined
        ? `${thumbnailUrl(channel, quality, instantUs, template.name, boxes.crop, boxes.location)}&revision=${revision}`
        : undefined,
    [channel, quality, template, boxes, instantUs, revision],
  );
  const preview = useSettledUrl(previewWanted);

  if (!channel || !quality || instantUs === undefined) return <p className="muted">Load a window with footage first: the thumbnail is made from a frame.</p>;
  if (!template || !boxes) return <p className="muted">Loading templates…</p>;
  const size = { width: template.width, height: template.height };
  const displayHeight = Math.round((displayWidth * size.height) / size.width);
  const aspectOf = (box: Box) => (locked ? boxWidth(box) / boxHeight(box) : undefined);
  const choose = (name: string) => {
    // Read now, not from this render: a template just added or renamed is in the store only.
    const next = useTemplates.getState().templates.find((t) => t.name === name);
    if (next) {
      setTemplateName(next.name);
      setBoxes({ crop: next.crop, location: next.location });
    }
  };
  const use = () => {
    useEdit.getState().setDetails({ thumbnail: { kind: 'template', template: template.name, instantUs, crop: boxes.crop, location: boxes.location } });
    useNotice.getState().show(`Thumbnail set: template ${template.name}, frame at ${formatInstant(instantUs)}.`);
    useDialogs.getState().close();
  };
  return (
    <div className="composer">
      <TemplateTools selected={template} onSelect={choose} />
      <div className="composer-pictures">
        <figure>
          <figcaption>
            Frame at {formatClock(instantUs, clock, 3)} {clockSuffix(clock)}: drag the crop box
          </figcaption>
          <div className="composer-picture" style={{ width: displayWidth, height: displayHeight }}>
            <FramePicture url={frameUrl(channel, quality, instantUs)} />
            <BoxOverlay
              label="Crop box"
              box={boxes.crop}
              size={size}
              displayWidth={displayWidth}
              aspect={aspectOf(boxes.location)}
              onChange={(crop) => setBoxes({ ...boxes, crop })}
            />
          </div>
        </figure>
        <figure>
          <figcaption>Thumbnail: drag where the frame goes</figcaption>
          <div className="composer-picture checkered" style={{ width: displayWidth, height: displayHeight }}>
            {preview && <img alt="Thumbnail preview" src={preview} draggable={false} />}
            <BoxOverlay
              label="Location box"
              box={boxes.location}
              size={size}
              displayWidth={displayWidth}
              aspect={aspectOf(boxes.crop)}
              onChange={(location) => setBoxes({ ...boxes, location })}
            />
          </div>
        </figure>
      </div>
      <p className="muted composer-keys">Drag a box or its corners; or Tab to it: {BOX_KEYS_HINT}</p>
      <div className="composer-options">
        <label title="Resizing a box keeps the other box's shape, so the frame is not stretched">
          <input type="checkbox" checked={locked} onChange={(e) => setLocked(e.target.checked)} /> Lock aspect
        </label>
        <span className="muted" data-testid="composer-boxes">
          crop {boxText(boxes.crop)} · location {boxText(boxes.location)}
        </span>
        <button disabled={playheadUs === undefined} onClick={() => playheadUs !== undefined && setInstantUs(playheadUs)}>
          Use the frame on screen
        </button>
        <button onClick={() => void useTemplates.getState().saveBoxes(template.name, boxes.crop, boxes.location)}>Save boxes as the template's own</button>
        {preview && (
          <a className="button-link" href={preview} download={`${channel}-thumbnail.png`}>
            Download PNG
          </a>
        )}
      </div>
      <div className="dialog-buttons">
        <button onClick={useDialogs.getState().close}>Cancel</button>
        <button className="primary" onClick={use}>
          Use as the video's thumbnail
        </button>
      </div>
    </div>
  );
}
