/**
 * Pure planning of an export. From an edit (ranges + transitions), the segments selected
 * for every range, a cut type and a container, decide what is copied byte for byte, what
 * ffmpeg re-encodes and with which exact arguments. electron/node/export only runs a plan; a
 * plan prints as the commands it will run (`trimdesk cut --dry-run`).
 * The planner is split into one module per job in this folder; this index exports what
 * the rest of the code uses. planCutSteps and planLines are the same work in steps, for
 * callers that must not block an event loop.
 */
export { CUT_TYPES, NoFootageError, OUTPUT_FORMATS, PlanError, plannedCutType } from './types';
export type {
  CommandPlan,
  CopyPart,
  CutPlan,
  CutType,
  EncodePart,
  FileCommand,
  OutputFormat,
  PlanInput,
  PlanTarget,
  SourceStreams,
  SoundPts,
  StreamPart,
  StreamPlan,
} from './types';
export { measureEdit, rangeContentUs, type EditMeasure, type RangeMeasure } from './measure';
export { runSteps, planCut, planCutSteps } from './plan';
export { describePlan, formatCommand, planCommands, planLines, shellQuote } from './print';
