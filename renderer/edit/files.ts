/**
 * Project files and range lists leave the window as downloads and come in through the
 * file picker: the renderer never touches the file system itself.
 */
import { PROJECT_EXTENSION, parseProject, serializeProject } from '../../shared/project';
import { rangesCsv, youtubeChapters } from '../../shared/rangelist';
import { formatHour } from '../../shared/time';
import { useArchive } from '../stores/archive';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { documentOf, projectOf } from './project';

/** Hands the bytes to the browser as a download (browser mode's way of saving a file). */
export function download(fileName: string, content: string | Blob, type: string): void {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(): string {
  const { channel, window } = useArchive.getState();
  const first = useEdit.getState().history.present.ranges[0]?.startUs ?? window?.startUs;
  return `${channel ?? 'trimdesk'}-${first === undefined ? 'edit' : formatHour(first)}`;
}

function closedRanges() {
  return useEdit.getState().history.present.ranges.flatMap((r) => (r.endUs === null ? [] : [{ startUs: r.startUs, endUs: r.endUs, label: r.label }]));
}

export function saveProject(): void {
  const { root, channel, quality, window } = useArchive.getState();
  if (channel === undefined || quality === undefined) {
    useNotice.getState().show('Open a channel before saving a project.', 'error');
    return;
  }
  const text = serializeProject(projectOf(useEdit.getState().history.present, { archive: root, channel, quality, window }));
  download(`${baseName()}${PROJECT_EXTENSION}`, text, 'application/json');
}

async function loadProjectFile(file: File): Promise<void> {
  try {
    const project = parseProject(await file.text(), file.name);
    const archive = useArchive.getState();
    if (!archive.channels.includes(project.channel)) {
      useNotice.getState().show(`${file.name} is for channel ${project.channel}, which this archive does not have.`, 'error');
      return;
    }
    if (archive.channel !== project.channel) await archive.chooseChannel(project.channel);
    if (useArchive.getState().qualities.includes(project.quality) && useArchive.getState().quality !== project.quality) {
      await useArchive.getState().chooseQuality(project.quality);
    }
    if (project.window) useArchive.getState().setWindow(project.window);
    useEdit.getState().apply(() => documentOf(project));
    useNotice.getState().show(`Opened ${file.name}: ${project.ranges.length} ranges. Undo (Ctrl+Z) brings back the previous edit.`);
  } catch (error) {
    useNotice.getState().show(error instanceof Error ? error.message : String(error), 'error');
  }
}

/**
 * The input of the file picker on screen. A detached input nothing references is garbage
 * to Chromium even while its picker is open: a collection then took the input and its
 * change handler with it, and the file the user chose never arrived.
 */
let pickerInput: HTMLInputElement | undefined;

export function openProject(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = `${PROJECT_EXTENSION},.json,application/json`;
  pickerInput = input;
  input.onchange = () => {
    if (pickerInput === input) pickerInput = undefined;
    const file = input.files?.[0];
    if (file) void loadProjectFile(file);
  };
  input.oncancel = () => {
    if (pickerInput === input) pickerInput = undefined;
  };
  input.click();
}

export function exportRangesCsv(): void {
  download(`${baseName()}.csv`, rangesCsv(closedRanges()), 'text/csv');
}

export function exportChapters(): void {
  const doc = useEdit.getState().history.present;
  const overlaps = doc.transitions.map((t) => (t.kind === 'named' ? t.durationUs : 0));
  download(`${baseName()}-chapters.txt`, youtubeChapters(closedRanges(), overlaps), 'text/plain');
}
