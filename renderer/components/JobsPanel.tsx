/** Export jobs: progress, ETA, cancel, the output and the ffmpeg commands. */
export function JobsPanel() {
  return null;
}
