/** The edit as the export API takes it; the client encodes it for the wire (shared/api/codecs.ts). */
import type { z } from 'zod';
import type { cutTypeSchema, exportEditSchema, outputFormatSchema } from '../../shared/api/export';
import type { EditDocument } from './document';

export type CutType = z.output<typeof cutTypeSchema>;
export type OutputFormat = z.output<typeof outputFormatSchema>;
export type ExportEdit = z.output<typeof exportEditSchema>;

export interface ExportChoices {
  channel: string;
  quality: string;
  cutType: CutType;
  format: OutputFormat;
  allowHoles: boolean;
  audioFade: boolean;
}

/** Only for a document whose ranges are all closed (toEdit reports no problems). */
export function exportEdit(doc: EditDocument, choices: ExportChoices): ExportEdit {
  return {
    ...choices,
    ranges: doc.ranges.map((range) => ({ startUs: range.startUs, endUs: range.endUs ?? range.startUs })),
    transitions: doc.transitions.map((transition) =>
      transition.kind === 'cut' ? { kind: 'cut' } : { kind: 'named', name: transition.name, durationUs: transition.durationUs },
    ),
  };
}

/** What each cut type does, in one line for the export dialog. */
export const CUT_TYPES: readonly { type: CutType; summary: string }[] = [
  { type: 'smart', summary: 'Exact cuts and one clean timeline; only the edges and transitions are re-encoded. Best for most uses.' },
  {
    type: 'rough',
    summary:
      'Whole segments copied as they are (only their clocks set to one timeline from 0), as fast as copying files; may start and end a few seconds outside the ranges. No transitions.',
  },
  { type: 'full', summary: 'Everything re-encoded: slowest, but any container and every transition; the most compatible file.' },
  { type: 'archive', summary: 'Whole segments into MKV, one file per stretch without holes, each from 0; for keeping footage, not publishing.' },
];
