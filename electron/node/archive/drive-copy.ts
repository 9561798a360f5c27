/**
 * "Copy to drive": the segments selected for a span, whichever source holds them (a
 * folder, or a recorder node through the segment cache), copied into a local archive
 * folder laid out as the archive is (<ch>/<q>/<hour>/<name>), so an editor can take the
 * footage offline. As the reference's backfiller does, a file enters only whole and
 * verified: written under a hidden temporary name, its sha256 compared with the hash in
 * its name, flushed, then renamed. A name already there is left alone (checked the same
 * way); what cannot be copied is reported, never half-written.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from '../fs-promised';
import path from 'node:path';
import { holeSpans } from '../../../shared/select';
import type { SegmentInfo } from '../../../shared/segment';
import type { Archive } from './archive';
import { SourcedArchive } from './sources/sourced-archive';
import { makeFolders } from '../new-folders';

/** Segments copied at once: a node answers a few requests at once faster than one. */
const COPIES_AT_ONCE = 4;

export interface DriveCopyRequest {
  channel: string;
  quality: string;
  startUs: number;
  endUs: number;
  /** The local archive folder to copy into (made when missing). */
  destination: string;
}

export interface DriveCopyReport {
  /** Segments written, and their bytes. */
  copied: number;
  copiedBytes: number;
  /** Segments the destination had already (with the right bytes). */
  present: number;
  /** Stretches of the span no source has footage for. */
  holes: { startUs: number; endUs: number }[];
  /** Segments that could not be copied: `hour/name` and why. */
  failed: { segment: string; why: string }[];
}

/** Copies the best segments of [startUs, endUs) into `destination`; `onCopied` hears each one done. */
export async function copyToDrive(
  archive: Archive,
  request: DriveCopyRequest,
  onCopied: (done: number, total: number) => void = () => undefined,
): Promise<DriveCopyReport> {
  const { channel, quality, startUs, endUs } = request;
  const selection = await archive.select(channel, quality, startUs, endUs, { allowHoles: true });
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  const report: DriveCopyReport = { copied: 0, copiedBytes: 0, present: 0, holes: holeSpans(selection, startUs, endUs), failed: [] };
  // Fetched into the node cache, a segment must stay there until it is copied out.
  const release = archive.pinSegments(channel, quality, segments);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < segments.length) {
      const segment = segments[next++]!;
      const outcome = await copySegment(archive, request, segment).catch((error: unknown) => ({ failed: (error as Error).message }));
      if ('failed' in outcome) report.failed.push({ segment: `${segment.hour}/${segment.name}`, why: outcome.failed });
      else if (outcome.bytes === undefined) report.present++;
      else {
        report.copied++;
        report.copiedBytes += outcome.bytes;
      }
      onCopied(++done, segments.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(COPIES_AT_ONCE, segments.length) }, worker));
  } finally {
    release();
  }
  report.failed.sort((a, b) => a.segment.localeCompare(b.segment));
  return report;
}

/** One segment: `bytes` written, undefined when it was there already, or why it could not be. */
async function copySegment(archive: Archive, request: DriveCopyRequest, segment: SegmentInfo): Promise<{ bytes?: number } | { failed: string }> {
  const target = path.join(request.destination, request.channel, request.quality, segment.hour, segment.name);
  if (await stat(target).catch(() => undefined)) {
    const there = await hashOf(target);
    return matches(segment, there.hash) ? {} : { failed: `${target} is already there with other bytes (sha256 ${there.hash}); it is left as it is` };
  }
  const source = await bytesOf(archive, request, segment);
  if (source === undefined) return { failed: 'no source delivered it (see the notices above)' };
  await makeFolders(path.dirname(target));
  const temporary = path.join(path.dirname(target), `.${segment.name}.${randomUUID()}.part`);
  try {
    const copied = await copyHashed(source, temporary);
    if (!matches(segment, copied.hash)) {
      await unlink(temporary);
      return { failed: `${source} has sha256 ${copied.hash}, not the hash in its name: not copied` };
    }
    await rename(temporary, target);
    return { bytes: copied.bytes };
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Where the segment's bytes are on this machine: its folder, or its node-cache copy (fetched first). */
async function bytesOf(archive: Archive, request: DriveCopyRequest, segment: SegmentInfo): Promise<string | undefined> {
  if (archive instanceof SourcedArchive) return archive.localSegment(request.channel, request.quality, segment);
  return archive.sealed.resolve([request.channel, request.quality, segment.hour, segment.name]);
}

/** A temp segment's name carries no real hash (the recorder had not finished it). */
function matches(segment: SegmentInfo, hash: string): boolean {
  return segment.type === 'temp' || hash === segment.hash;
}

async function hashOf(filePath: string): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { hash: hash.digest('base64url'), bytes };
}

/** Copies `source` to `target` through sha256, flushed to the disk before it is renamed into place. */
async function copyHashed(source: string, target: string): Promise<{ hash: string; bytes: number }> {
  const handle = await open(target, 'wx');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(source)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).byteLength;
      await handle.write(chunk as Buffer);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { hash: hash.digest('base64url'), bytes };
}
