/** The editor's state as a shared/project Project, and back. */
import type { Project } from '../../shared/project';
import { EMPTY_DETAILS } from '../../shared/video-details';
import { newRangeId, type EditDocument } from './document';

export interface ProjectPlace {
  archive: string | undefined;
  channel: string;
  quality: string;
  window: { startUs: number; endUs: number } | undefined;
}

export function projectOf(doc: EditDocument, place: ProjectPlace): Project {
  return {
    archive: place.archive,
    channel: place.channel,
    quality: place.quality,
    window: place.window ?? null,
    ranges: doc.ranges.map((r) => ({ startUs: r.startUs, endUs: r.endUs, label: r.label })),
    transitions: [...doc.transitions],
    details: doc.details,
  };
}

export function documentOf(project: Project): EditDocument {
  return {
    ranges: project.ranges.map((r) => ({ id: newRangeId(), startUs: r.startUs, endUs: r.endUs, label: r.label })),
    transitions: project.transitions,
    details: project.details ?? EMPTY_DETAILS,
  };
}
