/** Main-process implementation of the export API methods (shared/api/export.ts). */
import path from 'node:path';
import type { z } from 'zod';
import type { exportDetailsSchema, exportEditSchema, exportJobSchema, exportPlanSchema } from '../../../shared/api/export';
import { measureEdit, planLines, type CutPlan, type CutType } from '../../../shared/cutplan';
import type { Edit } from '../../../shared/edit';
import type { Selection } from '../../../shared/select';
import { TrimdeskError } from '../../../shared/errors';
import { usToSeconds } from '../../../shared/time';
import { transitionCatalogue } from '../../../shared/transitions';
import type { Archive } from '../archive/archive';
import { checkDestination } from '../export/destination';
import { checkOutsideArchive, prepareExport, type ExportRequest, type SkippedSegment } from '../export/prepare';
import { sharedExportQueue, type ExportQueue, type JobSnapshot } from '../export/queue';
import { TimeSlices } from '../export/time-slices';
import { ffmpegTools } from '../ffmpeg/probe';
import { openedArchive } from './opened-archive';
import { settleSidecarsWithJob, stageSidecars } from '../details/video-sidecar';
import { TemplateStore } from '../thumbnail/templates';
import { defaultTemplatesFolder } from '../thumbnail/user-folder';
import { detailsFromFile } from '../../../shared/video-details';

type EditInput = z.output<typeof exportEditSchema>;

function requestFrom(input: EditInput, outputPath: string, overwrite: boolean): ExportRequest {
  return {
    channel: input.channel,
    quality: input.quality,
    // Dispatch decoded the wire form (shared/api/codecs.ts): ranges and transitions are in microseconds already.
    edit: { ranges: input.ranges, transitions: input.transitions },
    cutType: input.cutType,
    format: input.format,
    allowHoles: input.allowHoles,
    audioFade: input.audioFade,
    outputPath,
    overwrite,
  };
}

async function planSummary(plan: CutPlan, skipped: SkippedSegment[], slices: TimeSlices): Promise<z.output<typeof exportPlanSchema>> {
  return {
    cutType: plan.cutType,
    format: plan.format,
    durationSeconds: usToSeconds(plan.durationUs),
    transitionStartsSeconds: plan.transitionStartsUs.map(usToSeconds),
    copiedSegments: plan.copiedSegments,
    copiedSeconds: usToSeconds(plan.copiedUs),
    reencodedSegments: plan.encodedSegments,
    reencodedSeconds: usToSeconds(plan.encodedUs),
    estimatedBytes: plan.estimatedBytes,
    notes: plan.notes,
    description: await slices.collect(planLines(plan)),
    skipped,
  };
}

function jobJson(job: JobSnapshot): z.output<typeof exportJobSchema> {
  const { createdAtMs: _created, startedAtMs: _started, finishedAtMs: _finished, ...rest } = job;
  return rest;
}

/** The caller has no say over the server's working folder, so a relative path would land somewhere it never chose. */
function checkAbsoluteOutput(outputPath: string): void {
  if (!path.isAbsolute(outputPath)) {
    throw new TrimdeskError(
      'bad-input',
      `startExport: the output path ${JSON.stringify(outputPath)} is relative; give an absolute path (e.g. /home/you/Videos/clip.ts)`,
    );
  }
}

type ExportDetails = z.output<typeof exportDetailsSchema>;

function sidecarRequest(
  archive: Archive,
  templates: TemplateStore | undefined,
  input: EditInput & { outputPath: string; overwrite: boolean },
  details: ExportDetails,
) {
  return {
    archive,
    templates: templates ?? new TemplateStore(defaultTemplatesFolder()),
    channel: input.channel,
    quality: input.quality,
    videoPath: path.resolve(input.outputPath),
    details: detailsFromFile(details.details),
    chapters: {
      ranges: input.ranges.map((range, index) => ({ ...range, label: details.chapterTitles[index] ?? '' })),
      overlapsUs: input.transitions.map((transition) => (transition.kind === 'named' ? transition.durationUs : 0)),
    },
    overwrite: input.overwrite,
    log: (message: string) => console.warn(message),
  };
}

/** The ranges' footage by names, pausing between ranges like planning does (a 20,000-range edit). */
async function measureRanges(archive: Archive, channel: string, quality: string, edit: Edit) {
  const slices = new TimeSlices();
  const selections: Selection[] = [];
  for (const range of edit.ranges) {
    selections.push(await archive.select(channel, quality, range.startUs, range.endUs, { allowHoles: true }));
    await slices.pause();
  }
  const measure = measureEdit(edit, selections);
  return {
    durationSeconds: usToSeconds(measure.durationUs),
    contentSeconds: usToSeconds(measure.contentUs),
    missingSeconds: usToSeconds(measure.missingUs),
    ranges: measure.ranges.map((range) => ({ contentSeconds: usToSeconds(range.contentUs), missingSeconds: usToSeconds(range.missingUs) })),
  };
}

export function exportHandlers(current: () => Archive | undefined, queue: ExportQueue = sharedExportQueue(), templates?: TemplateStore) {
  const archive = () => openedArchive(current);
  return {
    async transitionCatalogue() {
      const available = await ffmpegTools().then(
        (tools) => tools.xfadeTransitions,
        () => new Set<string>(),
      );
      return transitionCatalogue().map((entry) => ({ ...entry, available: available.has(entry.name) }));
    },
    async planExport(input: EditInput) {
      // A plan needs target names only for printing; the real job picks its own.
      const slices = new TimeSlices();
      const prepared = await prepareExport(archive(), requestFrom(input, `export.${input.format}`, false), 'file', slices);
      return planSummary(prepared.plan, prepared.skipped, slices);
    },
    measureEdit: async (input: Pick<EditInput, 'channel' | 'quality' | 'ranges' | 'transitions'>) =>
      measureRanges(archive(), input.channel, input.quality, { ranges: input.ranges, transitions: input.transitions }),
    checkDestination: async ({ outputPath, cutType }: { outputPath: string; cutType: CutType }) => checkDestination(archive(), outputPath, cutType),
    async startExport(input: EditInput & { outputPath: string; overwrite: boolean; details?: ExportDetails }) {
      checkAbsoluteOutput(input.outputPath);
      await checkOutsideArchive(archive(), input.outputPath);
      const slices = new TimeSlices();
      // The job keeps the node segments it reads pinned in the cache until it ends (the queue lets them go).
      const prepared = await prepareExport(archive(), requestFrom(input, input.outputPath, input.overwrite), 'file', slices, true);
      const sidecars =
        input.details &&
        (await stageSidecars(sidecarRequest(archive(), templates, input, input.details)).catch((error: unknown) => {
          prepared.releaseSegments();
          throw error;
        }));
      const job = queue.add(prepared);
      if (sidecars) settleSidecarsWithJob(queue, job.id, sidecars, (message) => console.warn(message));
      return jobJson(job);
    },
    listExportJobs: async () => queue.list().map(jobJson),
    cancelExport: async ({ id }: { id: string }) => ({ cancelled: queue.cancel(id) }),
  };
}
