/**
 * The seek in flight, as a small state machine with no DOM: where it was asked to go
 * (a media time, and the wall-clock instant when there is one), whether the frame it
 * shows is the one asked for, and when to stop waiting. The player controller feeds it
 * what the <video> reports and applies what it answers.
 */
import { mediaAtInstant, type MappedFragment } from '../../shared/timemap';
import { US_PER_SECOND } from '../../shared/time';
import { frameInstantUs, frameMediaSeconds } from './frame-position';

/** Lands inside the frame that starts at a media time, whatever rounding the decoder applies. */
export const FRAME_NUDGE_SECONDS = 0.0005;
/** If a seek lands on the frame already shown, no new frame is presented: stop waiting after this. */
export const SETTLE_FALLBACK_MS = 400;
/**
 * Fragment starts are estimates from EXTINF until hls.js parses the footage (a truncated
 * suspect segment is shorter than it claims), so a seek is checked against the map once
 * its frame shows, and re-aimed when it missed, this many times at most.
 */
export const MAX_SEEK_CORRECTIONS = 3;
/**
 * A seek that has not shown its frame after this long is stuck (the element can stay
 * `seeking` for good, on B-frame footage most of all): recover instead of waiting.
 */
export const SEEK_STUCK_MS = 2500;
/**
 * A seek whose footage kept coming during a SEEK_STUCK_MS (a slow drive: bytes arriving,
 * the buffer growing) is waited for again instead, this many times at most: re-seeking or
 * reloading would only start its download over, and nothing waits for a seek for good.
 */
export const MAX_PROGRESS_WAITS = 12;
/** An instant is a frame start rounded to the microsecond: up to this much before the true start. */
const ROUNDING_SLACK_US = 1;
/** Seeks stop this short of the end of the footage: the very end has no frame to show. */
const END_MARGIN_SECONDS = 0.001;

/** What to set the element's currentTime to, or nothing to do (the seek is over). */
export type SeekStep = { elementSeconds: number } | undefined;

/**
 * What to do about a stuck seek: set currentTime again (the same target), then load the
 * playlist afresh and seek there (`instantUs`, the instant the seek was going to); after
 * both, give up (the seek ends, so nothing waits for it forever).
 */
export type SeekRecovery =
  | { action: 'wait' }
  | { action: 'reseek'; elementSeconds: number }
  | { action: 'reload'; instantUs: number }
  | { action: 'give-up' }
  | undefined;

export class SeekTracker {
  private pending = false;
  /** Where the seek in flight goes (before the nudge), so quick repeated seeks add up exactly. */
  private targetSeconds = 0;
  /** The instant the seek asked for; undefined for a seek to a media time (checked against the frame the map names there). */
  private targetUs: number | undefined;
  /** The media time a seek without an instant asked for (kept across re-aims, which move targetSeconds). */
  private requestedSeconds = 0;
  private correctionCount = 0;
  /** Recoveries tried for the current request (re-seek first, then reload). */
  private recoveries = 0;
  /** Times the request in flight was waited for again because its footage was coming (MAX_PROGRESS_WAITS). */
  private progressWaits = 0;
  /** Set by a reload recovery: the reloaded playlist's seek is the last chance, not a fresh start. */
  private recoveriesCarried = 0;
  /** Counts seeks, so a late fallback timer of an earlier seek cannot settle a later one. */
  private serial = 0;
  private waiters: (() => void)[] = [];

  /** True from a seek until its frame is on screen (or it was given up). */
  get inFlight(): boolean {
    return this.pending;
  }

  /** The instant the seek in flight asked for, or undefined when none is (or it asked for a media time). */
  get pendingInstantUs(): number | undefined {
    return this.pending ? this.targetUs : undefined;
  }

  /** The media time of the seek in flight, or undefined when none is. */
  get pendingSeconds(): number | undefined {
    return this.pending ? this.targetSeconds : undefined;
  }

  /**
   * A seek asked for by the user: to `mediaSeconds` (kept within the footage), checked
   * against `targetUs` once it lands when given. Nothing to do without footage: there is
   * nothing to seek in, and the element would never report a landing.
   */
  request(fragments: readonly MappedFragment[], mediaSeconds: number, targetUs: number | undefined): SeekStep {
    this.correctionCount = 0;
    this.progressWaits = 0;
    this.recoveries = this.recoveriesCarried;
    this.recoveriesCarried = 0;
    const step = this.aim(fragments, mediaSeconds, targetUs);
    this.requestedSeconds = this.targetSeconds;
    return step;
  }

  /**
   * A frame is on screen and the element is done seeking: ends the seek when the frame is
   * the one asked for (or cannot be checked, or enough re-aims were tried), else re-aims.
   */
  frameShown(fragments: readonly MappedFragment[], shownSeconds: number | undefined, frameSeconds: number): SeekStep {
    const reaimSeconds = shownSeconds === undefined ? undefined : this.reaimSeconds(fragments, shownSeconds, frameSeconds);
    if (reaimSeconds === undefined) {
      this.end();
      return undefined;
    }
    this.correctionCount++;
    const step = this.aim(fragments, reaimSeconds, this.targetUs);
    if (step === undefined) this.end();
    return step;
  }

  /** Re-aims made for the request in flight. */
  get corrections(): number {
    return this.correctionCount;
  }

  /** The last re-aim was not carried out (nothing to seek yet): it does not count against MAX_SEEK_CORRECTIONS. */
  uncount(): void {
    this.correctionCount = Math.max(0, this.correctionCount - 1);
  }

  /** The element reported `seeked`: a token for the fallback timer to hand back. */
  seeked(): number {
    return this.serial;
  }

  /** A token naming the seek in flight now, for a stuck-seek timer to hand back to stuck(). */
  get token(): number {
    return this.serial;
  }

  /**
   * The stuck-seek timer of `token` fired: undefined when that seek is over (or was
   * superseded); `wait` (watch it again) when its footage kept coming meanwhile
   * (`progressed`), else the next recovery. A reload ends this seek: the new playlist's
   * seek to the instant is a request of its own.
   */
  stuck(fragments: readonly MappedFragment[], token: number, progressed = false): SeekRecovery {
    if (!this.pending || token !== this.serial) return undefined;
    if (progressed && this.progressWaits < MAX_PROGRESS_WAITS) {
      this.progressWaits++;
      return { action: 'wait' };
    }
    this.recoveries++;
    if (this.recoveries === 1) {
      this.serial++;
      return { action: 'reseek', elementSeconds: this.targetSeconds + FRAME_NUDGE_SECONDS };
    }
    const instantUs = this.targetUs ?? frameInstantUs(fragments, this.targetSeconds, 0);
    this.end();
    if (this.recoveries === 2 && instantUs !== undefined) {
      this.recoveriesCarried = this.recoveries;
      return { action: 'reload', instantUs };
    }
    return { action: 'give-up' };
  }

  /** True when the fallback timer of `token` should settle the seek: it is still the one in flight. */
  fallbackDue(token: number): boolean {
    return this.pending && token === this.serial;
  }

  /** Ends the seek in flight, landed or not, and releases everything waiting for it. */
  end(): void {
    this.targetUs = undefined;
    this.pending = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once the seek in flight is over (at once when none is). */
  settled(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private aim(fragments: readonly MappedFragment[], mediaSeconds: number, targetUs: number | undefined): SeekStep {
    const last = fragments[fragments.length - 1];
    if (last === undefined) return undefined;
    const endSeconds = last.mediaStartSeconds + last.durationSeconds;
    this.targetSeconds = Math.min(Math.max(mediaSeconds, 0), Math.max(0, endSeconds - END_MARGIN_SECONDS));
    this.targetUs = targetUs;
    this.pending = true;
    this.serial++;
    return { elementSeconds: this.targetSeconds + FRAME_NUDGE_SECONDS };
  }

  /**
   * Where to seek again when the frame shown does not contain the target: the map moved
   * (footage parsed), the frame is one the element showed before this seek's own (a late
   * `seeked` fallback, or an early aim's), or the target is the first frame of a segment
   * whose video starts a moment after its audio, so the previous segment's last frame
   * still shows. A seek to a media time (no instant asked for) is checked against the
   * frame the map names there, like a seek to an instant: else any frame, even the one
   * shown before the seek, would pass for its landing.
   */
  private reaimSeconds(fragments: readonly MappedFragment[], shownSeconds: number, frameSeconds: number): number | undefined {
    if (this.correctionCount >= MAX_SEEK_CORRECTIONS) return undefined;
    const aim = this.checkedAim(fragments, frameSeconds);
    const shownUs = frameInstantUs(fragments, shownSeconds, frameSeconds);
    if (aim === undefined || shownUs === undefined) return undefined;
    const frameUs = frameSeconds * US_PER_SECOND;
    // The clock names a frame by its start rounded to the microsecond, which can fall just
    // before the start: a target there is that frame, not the one before it.
    const targetUs = aim.instantUs + ROUNDING_SLACK_US;
    if (shownUs <= targetUs && targetUs < shownUs + frameUs) return undefined;
    const early = shownUs + frameUs <= targetUs;
    return early ? Math.max(aim.mediaSeconds, shownSeconds + frameSeconds) : aim.mediaSeconds;
  }

  /** The instant a landing is checked against and the media time to re-aim at; undefined when the target is in a hole now. */
  private checkedAim(fragments: readonly MappedFragment[], frameSeconds: number): { instantUs: number; mediaSeconds: number } | undefined {
    if (this.targetUs === undefined) {
      const instantUs = frameInstantUs(fragments, this.requestedSeconds, frameSeconds);
      return instantUs === undefined ? undefined : { instantUs, mediaSeconds: frameMediaSeconds(fragments, this.requestedSeconds, frameSeconds) };
    }
    const position = mediaAtInstant(fragments, this.targetUs);
    if (position === undefined || position.inHole) return undefined;
    return { instantUs: this.targetUs, mediaSeconds: position.mediaSeconds };
  }
}
