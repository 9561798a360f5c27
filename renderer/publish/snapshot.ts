/**
 * S / Shift+S: the exact frame on screen saved as PNG or JPEG, named from the channel and
 * the instant. The desktop app asks where (native dialog) and the main process writes
 * the /frame picture under the export rules; browser mode downloads it (JPEG drawn from
 * that PNG in a canvas).
 */
import { snapshotFileName, type SnapshotFormat } from '../../shared/thumbnail';
import { client, desktop } from '../bridge/bridge';
import { frameUrl } from '../bridge/media';
import { download } from '../edit/files';
import * as player from '../player/player';
import { describeError, useArchive } from '../stores/archive';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';

const JPEG_QUALITY = 0.95;

async function asJpeg(png: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(png);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not make a JPEG'))), 'image/jpeg', JPEG_QUALITY),
  );
}

async function downloadFrame(channel: string, quality: string, instantUs: number, format: SnapshotFormat, fileName: string): Promise<void> {
  const response = await fetch(frameUrl(channel, quality, instantUs));
  if (!response.ok) throw new Error((await response.text()).trim() || `the frame route answered ${response.status}`);
  const png = await response.blob();
  const image = format === 'jpeg' ? await asJpeg(png) : png;
  download(fileName, image, image.type);
  useNotice.getState().show(`Snapshot downloaded: ${fileName}`);
}

async function saveFrame(channel: string, quality: string, instantUs: number, format: SnapshotFormat, fileName: string): Promise<void> {
  const outputPath = await desktop?.chooseSavePath({ title: 'Save snapshot', defaultPath: fileName, extensions: [format === 'jpeg' ? 'jpg' : 'png'] });
  if (!outputPath) return;
  // The native dialog asked about replacing a file already.
  const saved = await client.saveSnapshot({ channel, quality, instant: instantUs, format, outputPath, overwrite: true });
  useNotice.getState().show(`Snapshot saved: ${saved.path}`);
}

export async function takeSnapshot(format: SnapshotFormat): Promise<void> {
  await player.settled();
  const { channel, quality } = useArchive.getState();
  const instantUs = usePlayer.getState().instantUs;
  if (channel === undefined || quality === undefined || instantUs === undefined) {
    useNotice.getState().show('No frame on screen to save: load a window with footage first.', 'error');
    return;
  }
  const fileName = snapshotFileName(channel, instantUs, format);
  try {
    await (desktop ? saveFrame : downloadFrame)(channel, quality, instantUs, format, fileName);
  } catch (error) {
    useNotice.getState().show(`Could not save the snapshot ${fileName}: ${describeError(error)}`, 'error');
  }
}
