/**
 * The video's details beside the ranges: title, description, tags, editor notes and the
 * thumbnail choice, checked against video sites' limits as they are typed. A field's
 * text becomes an edit (undoable, autosaved) when the field is left, so one typed
 * title is one undo step. Chapter titles are the ranges' labels.
 */
import { useEffect, useState } from 'react';
import {
  detailsProblems,
  MAX_DESCRIPTION_CHARS,
  MAX_TAGS_CHARS,
  MAX_TITLE_CHARS,
  parseTags,
  tagsLength,
  type DetailsProblem,
  type VideoDetails,
} from '../../shared/video-details';
import { thumbnailSummary } from '../publish/details';
import { ClockText } from './ClockText';
import { useDialogs } from '../stores/dialogs';
import { useEdit } from '../stores/edit';

/** Local text while typing; committed when the field is left (or Enter in one-line fields). */
function useDraft(value: string, commit: (text: string) => void) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return {
    value: draft,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft(event.target.value),
    onBlur: () => draft !== value && commit(draft),
    onKeyDown: (event: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (event.key === 'Enter' && event.currentTarget instanceof HTMLInputElement) event.currentTarget.blur();
    },
  };
}

function Count({ used, limit }: { used: number; limit: number }) {
  return (
    <span className={`count${used > limit ? ' over' : ''}`}>
      {used}/{limit}
    </span>
  );
}

function ThumbnailRow({ details }: { details: VideoDetails }) {
  const image = useDraft(details.thumbnail.kind === 'image' ? details.thumbnail.path : '', (path) =>
    useEdit.getState().setDetails({ thumbnail: path.trim() === '' ? { kind: 'none' } : { kind: 'image', path: path.trim() } }),
  );
  return (
    <div className="details-thumbnail">
      <span>
        Thumbnail:{' '}
        <span data-testid="thumbnail-choice">
          <ClockText text={thumbnailSummary(details.thumbnail)} />
        </span>
      </span>
      <button onClick={() => useDialogs.getState().show('thumbnail')} title="Compose from a frame and a template (T)">
        Compose…
      </button>
      {details.thumbnail.kind !== 'none' && <button onClick={() => useEdit.getState().setDetails({ thumbnail: { kind: 'none' } })}>No thumbnail</button>}
      <input aria-label="Thumbnail image file" placeholder="or an image file: /path/thumb.png" spellCheck={false} {...image} />
    </div>
  );
}

export function DetailsPanel() {
  const details = useEdit((s) => s.history.present.details);
  const setDetails = useEdit.getState().setDetails;
  const title = useDraft(details.title, (text) => setDetails({ title: text }));
  const description = useDraft(details.description, (text) => setDetails({ description: text }));
  const tags = useDraft(details.tags.join(', '), (text) => setDetails({ tags: parseTags(text) }));
  const notes = useDraft(details.notes, (text) => setDetails({ notes: text }));
  // Drafts count too: the limits show while typing, before the text is committed.
  const shown: VideoDetails = { ...details, title: title.value, description: description.value, tags: parseTags(tags.value), notes: notes.value };
  const problems: DetailsProblem[] = detailsProblems(shown);
  return (
    <details className="details-panel" aria-label="Video details">
      <summary>
        <h2>Video details</h2> {problems.length > 0 && <span className="error">({problems.length} to fix)</span>}
      </summary>
      <div className="details-fields">
        <label>
          <span className="field-head">
            Title <Count used={[...title.value].length} limit={MAX_TITLE_CHARS} />
          </span>
          <input aria-label="Title" {...title} />
        </label>
        <label>
          <span className="field-head">
            Description <Count used={[...description.value].length} limit={MAX_DESCRIPTION_CHARS} />
          </span>
          <textarea aria-label="Description" rows={3} {...description} />
        </label>
        <label>
          <span className="field-head">
            Tags, separated by commas <Count used={tagsLength(parseTags(tags.value))} limit={MAX_TAGS_CHARS} />
          </span>
          <input aria-label="Tags" {...tags} />
        </label>
        <label>
          Editor notes (kept in the project, not published)
          <textarea aria-label="Editor notes" rows={2} {...notes} />
        </label>
        <ThumbnailRow details={details} />
        <small className="muted">Chapters are the ranges' labels; the export writes them into the description.</small>
        {problems.length > 0 && (
          <ul className="problems" role="alert">
            {problems.map((problem) => (
              <li key={problem.message}>{problem.message}</li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
