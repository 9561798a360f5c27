/**
 * The frame under the pointer on the timeline, above the time it names. A picture shows
 * only once the frame of exactly that time has loaded: an <img> given a new src keeps the
 * old picture until the new one arrives, which under the new label showed another time's
 * frame for up to a second and a half. Until then the box is empty (dark), not stale.
 */
import { useState } from 'react';
import { formatInstant } from '../../shared/time';
import { client } from '../bridge/bridge';
import { frameUrl } from '../bridge/media';
import { useSettledCall } from '../bridge/settled-call';

/** The hover pause has already passed when thumbnailUs is set: ask at once. */
const SOURCE_SETTLE_MS = 0;

export interface HoverThumbnailProps {
  channel: string;
  quality: string;
  /** The time under the pointer, which the label names. */
  hoverUs: number;
  /** The time whose frame to fetch (follows the pointer after a pause); undefined until then. */
  thumbnailUs: number | undefined;
  /** False in a hole: there is no frame to fetch. */
  hasFootage: boolean;
  label: string;
  leftPx: number;
  /** What is wrong with the segment under the pointer, when playback found it damaged but played it. */
  damage?: string;
}

export function HoverThumbnail({ channel, quality, hoverUs, thumbnailUs, hasFootage, label, leftPx, damage }: HoverThumbnailProps) {
  const [loadedUrl, setLoadedUrl] = useState<string>();
  const url = thumbnailUs !== undefined && hasFootage ? frameUrl(channel, quality, thumbnailUs) : undefined;
  const current = thumbnailUs === hoverUs;
  const shown = current && url !== undefined && loadedUrl === url;
  // In an archive of several sources (folders, recorder nodes): which one this footage is read from.
  const where = useSettledCall(thumbnailUs !== undefined && hasFootage ? `${channel}\n${quality}\n${thumbnailUs}` : undefined, sourceAt, SOURCE_SETTLE_MS);
  return (
    <div className="thumbnail" style={{ left: leftPx }}>
      {url !== undefined && (
        // A fresh element per frame (key): it has no earlier picture to keep showing.
        <img
          key={url}
          alt=""
          src={url}
          width={160}
          height={90}
          data-instant={formatInstant(thumbnailUs!)}
          style={{ visibility: shown ? 'visible' : 'hidden' }}
          onLoad={() => setLoadedUrl(url)}
        />
      )}
      {current && thumbnailUs !== undefined && !hasFootage && <p className="no-frame">No footage here</p>}
      {url === undefined && !(current && !hasFootage) && <div className="no-frame" aria-hidden />}
      <span data-instant={formatInstant(hoverUs)}>{label}</span>
      {damage !== undefined && (
        <span className="damage" title={damage}>
          Damaged: {damage}
        </span>
      )}
      {current && where && (
        <span className="source" title={where.sources.join('\n')}>
          from {where.source}
        </span>
      )}
    </div>
  );
}

/** The sources of the segment at `key` (channel, quality and instant, one string so the settled call compares it by value). */
function sourceAt(key: string) {
  const [channel, quality, at] = key.split('\n') as [string, string, string];
  return client.segmentSources({ channel, quality, at: Number(at) });
}
