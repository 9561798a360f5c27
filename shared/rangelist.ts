/**
 * The ranges as text for other tools: CSV for spreadsheets and YouTube chapter lines
 * (positions in the exported video, so transitions that overlap footage shift them).
 */
import { formatInstant, formatSecondsExact } from './time';

export interface ListedRange {
  startUs: number;
  endUs: number;
  label: string;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rangesCsv(ranges: readonly ListedRange[]): string {
  const header = 'number,start_utc,end_utc,duration_seconds,label';
  const rows = ranges.map((r, index) =>
    [String(index + 1), formatInstant(r.startUs), formatInstant(r.endUs), formatSecondsExact(r.endUs - r.startUs), csvField(r.label)].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** `H:MM:SS` or `M:SS` as YouTube reads chapter times (whole seconds, rounded down). */
export function chapterTime(offsetUs: number): string {
  const totalSeconds = Math.floor(offsetUs / 1_000_000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * One line per range: where it starts in the exported video and its label (or "Part N").
 * `overlapsUs[i]` is how long the transition before range i+1 overlaps (0 for a cut).
 */
export function youtubeChapters(ranges: readonly ListedRange[], overlapsUs: readonly number[]): string {
  let offsetUs = 0;
  const lines = ranges.map((range, index) => {
    if (index > 0) offsetUs -= overlapsUs[index - 1] ?? 0;
    const line = `${chapterTime(Math.max(0, offsetUs))} ${range.label.trim() || `Part ${index + 1}`}`;
    offsetUs += range.endUs - range.startUs;
    return line;
  });
  return `${lines.join('\n')}\n`;
}
