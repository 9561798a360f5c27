/**
 * What the closed ranges of the document really hold, asked of the main process by
 * segment names (measureEdit): the ranges' plain lengths count hole time that no export
 * contains. Asked a moment after the last change (useSettledCall).
 */
import { useMemo } from 'react';
import type { z } from 'zod';
import type { editMeasureSchema } from '../../shared/api/export';
import { client } from '../bridge/bridge';
import { useSettledCall } from '../bridge/settled-call';
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
  return useSettledCall(request, (input) => client.measureEdit(input), SETTLE_MS);
}
