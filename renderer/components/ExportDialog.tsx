/** E: what will be exported, and the problems that stop it. */
import { formatDuration } from '../../shared/time';
import { outputDurationUs, toEdit } from '../edit/document';
import { useEdit } from '../stores/edit';

export function ExportDialog() {
  const doc = useEdit((s) => s.history.present);
  const { problems } = toEdit(doc);
  return (
    <div className="export">
      <p>{doc.ranges.length} range{doc.ranges.length === 1 ? '' : 's'}, {formatDuration(outputDurationUs(doc))} in total.</p>
      {problems.length > 0 && (
        <ul className="problems" role="alert">
          {problems.map((problem) => <li key={problem.message}>{problem.message}</li>)}
        </ul>
      )}
    </div>
  );
}
