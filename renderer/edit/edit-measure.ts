/**
 * What the closed ranges of the document really hold, asked of the main process by
 * segment names (measureEdit): the ranges' plain lengths count hole time that no export
 * contains. Asked again a moment after the last change, so typing or dragging an edge
 * does not send a request per keystroke; a stale answer is never shown for a newer edit.
 */
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { editMeasureSchema } from '../../shared/api/export';
import { client } from '../bridge/bridge';
import type { EditDocument } from './document';

export type EditMeasureReply = z.output<typeof editMeasureSchema>;

/** Quiet time after the last change before the footage is measured again. */
const SETTLE_MS = 200;

export function useEditMeasure(doc: EditDocument, channel: string | undefined, quality: string | undefined): EditMeasureReply | undefined {
  const request = useMemo(() => {
    if (!channel || !quality) return undefined;
    const closed = doc.ranges.filter((range) => range.endUs !== null && range.endUs > range.startUs);
    // Transitions only join closed neighbours: with an open range the plain total is shown.
    if (closed.length === 0 || closed.length !== doc.ranges.length) return undefined;
    return {
      channel,
      quality,
      ranges: closed.map((range) => ({ startUs: range.startUs, endUs: range.endUs ?? range.startUs })),
      transitions: doc.transitions.map((transition) =>
        transition.kind === 'cut' ? { kind: 'cut' as const } : { kind: 'named' as const, name: transition.name, durationUs: transition.durationUs },
      ),
    };
  }, [doc, channel, quality]);
  const [answer, setAnswer] = useState<{ request: typeof request; measure: EditMeasureReply }>();
  useEffect(() => {
    if (request === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      client.measureEdit(request).then(
        (measure) => current && setAnswer({ request, measure }),
        // No answer (archive closed, server gone): the plain total stays, which is not worse than before.
        () => undefined,
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [request]);
  return answer !== undefined && answer.request === request ? answer.measure : undefined;
}
