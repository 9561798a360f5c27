/** The export dialog's part about video details: which files will be written beside the video, or why they cannot be. */
import { detailsProblems, isEmptyDetails, sidecarPaths } from '../../shared/video-details';
import { useEdit } from '../stores/edit';

interface Props {
  outputPath: string;
  enabled: boolean;
  onToggle(enabled: boolean): void;
}

/** Whether the export dialog writes details unless the user says otherwise: when there are any. */
export function detailsWanted(): boolean {
  return !isEmptyDetails(useEdit.getState().history.present.details);
}

export function ExportDetails({ outputPath, enabled, onToggle }: Props) {
  const details = useEdit((s) => s.history.present.details);
  const paths = sidecarPaths(outputPath, details.thumbnail);
  const problems = detailsProblems(details);
  return (
    <section className="export-details" aria-label="Video details files">
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle(e.target.checked)} /> Write the video details beside the video
      </label>
      {enabled && (
        <>
          <ul className="files">
            <li>{paths.json}</li>
            <li>{paths.description}</li>
            {paths.thumbnail && <li>{paths.thumbnail}</li>}
          </ul>
          {details.title === '' && <small className="muted">No title yet: set one under Video details.</small>}
          {problems.length > 0 && (
            <ul className="problems" role="alert">
              {problems.map((problem) => (
                <li key={problem.message}>{problem.message}</li>
              ))}
            </ul>
          )}
          <small className="muted">Written when the video is done; uploading to a video site is up to you.</small>
        </>
      )}
    </section>
  );
}
