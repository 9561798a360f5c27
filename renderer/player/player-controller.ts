/**
 * Drives hls.js and one <video>: loads the window the archive store names, keeps the
 * player store current (clock, state, time map) and carries out the controls. attach()
 * wires it to an element; destroy() removes every listener, timer and subscription it
 * added and the hls.js instance it made, so an unmounted player leaves nothing behind.
 */
import Hls, { ErrorDetails, Events, type BufferAppendingData, type ErrorData, type Fragment, type LevelDetails } from 'hls.js';
import { US_PER_SECOND } from '../../shared/time';
import { mediaAtInstant, type MappedFragment } from '../../shared/timemap';
import { playlistUrl } from '../bridge/media';
import { mediaSecondsOfEdit, previewPosition, usePreview } from '../preview/preview-mode';
import { useArchive } from '../stores/archive';
import { damageFound, recoveredFound, unplayableFound } from '../stores/damage-notice';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import {
  failedPictureSeconds,
  fragmentAtMedia,
  markUnreadable,
  parsedWithoutVideo,
  refusedDamagedSegment,
  unplayableFragment,
  unreadableSegment,
} from './damaged-fragment';
import { fragmentIndexOfFrame, frameInstantUs, frameStepSeconds } from './frame-position';
import { instantAfterFootage } from './footage-offset';
import { frameSpan, presentationTicks, type FrameSpan } from './fmp4-frames';
import { fragmentsOf, mappedSegmentNumbers } from './level-fragments';
import { loadMark, loadProgressed, type LoadMark } from './load-progress';
import { HLS_BUFFER_HOLE_SECONDS, HLS_LOOKUP_TOLERANCE_SECONDS, type HlsFragmentSpan, isBuffered, loadableSeconds } from './loadable-position';
import { describeHlsError, isNoFootage, noFootageMessage } from './player-errors';
import { RecoveredFragments } from './recovered-fragment';
import { SEEK_STUCK_MS, SETTLE_FALLBACK_MS, SeekTracker, type SeekStep } from './seek-tracker';

/** HTMLMediaElement.HAVE_FUTURE_DATA: below it, a playing element is stalled. */
const HAVE_FUTURE_DATA = 3;
/** hls.js writes MPEG-TS video to fMP4 in the input's 90 kHz clock. */
const VIDEO_TICKS_PER_SECOND = 90_000;
/** A span read from the frames ending this far from hls.js's own end is not the same segment's: keep hls.js's. */
const MAX_SPAN_CORRECTION_SECONDS = 0.5;

/** Frame gaps outside this span are pauses or stalls, not the frame duration. */
const MIN_FRAME_SECONDS = 1 / 240;
const MAX_FRAME_SECONDS = 1 / 5;
/** A preview seek is aimed again when the map moved its edit time by more than this (well under a frame). */
const REAIM_MIN_SECONDS = 0.005;

function currentFragments(): readonly MappedFragment[] {
  return usePlayer.getState().fragments;
}

/** The clock follows the frame on screen, not the decoder: updated per presented frame. */
function showMediaTime(mediaSeconds: number): void {
  usePlayer.setState((s) => ({
    mediaSeconds,
    instantUs: frameInstantUs(s.fragments, mediaSeconds, s.frameSeconds) ?? s.instantUs,
    frameCount: s.frameCount + 1,
  }));
}

function showNoFootage(): void {
  usePlayer.setState({ status: 'error', error: noFootageMessage(), noFootage: true });
}

export class PlayerController {
  private video: HTMLVideoElement | undefined;
  private container: HTMLElement | undefined;
  private hls: Hls | undefined;
  private readonly seeks = new SeekTracker();
  /** Instant to show once the new playlist's time map is known (keeps the playhead anchored). */
  private pendingInstantUs: number | undefined;
  /** Footage seconds moved (seekBy) while the playlist anchored at pendingInstantUs loads: applied from the anchor once it is mapped. */
  private pendingOffsetSeconds = 0;
  /** Waiting in settled() for the playlist anchored at pendingInstantUs to be mapped and its seek asked for. */
  private loadWaiters: (() => void)[] = [];
  /** Counts playlist loads, so settled() waits for each once. */
  private loadSerial = 0;
  /** The preview's start (seconds into the edit) to show once its playlist is loaded, when no instant anchors it. */
  private pendingMediaSeconds: number | undefined;
  private frameCallbackId: number | undefined;
  private lastFrameMediaSeconds: number | undefined;
  /**
   * A preview seek's time in the edit and the media time it went to: aimed with hls.js's
   * estimate of a part not read yet, it is aimed again once the part's frames are read.
   */
  private previewAim: { editUs: number; mediaSeconds: number } | undefined;
  /**
   * True once a frame was presented since currentTime was last set: only such a frame can
   * be the landing. The frame before it is still on screen while the element fetches and
   * decodes (not seeking for a moment between a first aim and its re-aim), so judging it
   * (when hls.js buffers more footage meanwhile) could end the seek under the wrong picture.
   */
  private presentedSinceAim = false;
  /** False until playback has shown two consecutive frames of this playlist. */
  private frameDurationMeasured = false;
  private readonly fallbackTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Where each appended segment's frames show (by segment number), read from what hls.js appended. */
  private readonly frameSpans = new Map<number, FrameSpan>();
  /** The segment number of each entry of the player store's time map. */
  private mappedSns: number[] = [];
  /**
   * True while hls.js waits to be told where to start loading: a playlist loaded at an
   * instant starts where that instant is, known only once the playlist is mapped (see
   * onLevelDetails). Left to start at 0, hls.js fetched the window's first segment before
   * the anchor's (the element cannot seek before it has footage, so hls.js never heard of
   * the seek), and on a slow drive the seek there took long enough to count as stuck.
   */
  private startDeferred = false;
  /** Whether to play once the playlist being loaded shows its first frame (a quality switch mid-play). */
  private playAfterLoad = false;
  /** Set once the archive refused a segment of this playlist as damaged: hls.js loads nothing more (see onDamagedSegment). */
  private damagedAhead = false;
  /** Segments refused as damaged: a second refusal of one (the new playlist still had it) is an error, not a reload loop. */
  private readonly refusedSegments = new Set<string>();
  /** Segments (file names) hls.js loaded but could not play: the time map leaves them out like holes. */
  private readonly unreadableSegments = new Set<string>();
  /** Why hls.js could not parse a fragment of this playlist (by segment number), said once it gives up on it. */
  private readonly parseErrors = new Map<number, string>();
  /** What hls.js or the browser got over in this playlist's fragments, said once each is buffered. */
  private readonly recovered = new RecoveredFragments();
  /** Undoes what attach() added, newest last. */
  private detachers: (() => void)[] = [];

  /** Wires the controller to `video` (its fullscreen frame `container`) and loads the archive's window. */
  attach(video: HTMLVideoElement, container: HTMLElement): void {
    this.destroy();
    this.video = video;
    this.container = container;
    this.listen(video, 'play', () => usePlayer.setState({ playing: true }));
    this.listen(video, 'pause', () => usePlayer.setState({ playing: false }));
    this.listen(video, 'ratechange', () => usePlayer.setState({ speed: video.playbackRate }));
    this.listen(video, 'seeked', () => this.onSeeked(video));
    this.listen(video, 'volumechange', () => this.onVolumeChange(video));
    this.listen(video, 'waiting', () => this.onWaiting());
    this.listen(video, 'error', () => this.onMediaElementError(video));
    this.detachers.push(
      useArchive.subscribe((state, previous) => {
        if (state.channel !== previous.channel || state.quality !== previous.quality || state.window !== previous.window) this.loadFromArchive();
      }),
      useSettings.subscribe(() => this.applyVolume()),
      // Preview mode plays its own playlist; leaving it returns to the source instant it showed.
      usePreview.subscribe((state, previous) => {
        if (state.url !== previous.url) this.loadFromArchive(state.url === undefined ? state.returnInstantUs : undefined);
      }),
    );
    this.applyVolume();
    this.watchFrames(video);
    this.loadFromArchive();
  }

  /** Stops everything attach() started; safe to call twice, or before any attach. */
  destroy(): void {
    // Nothing plays once the element is gone: components must not show its last frame as the playhead.
    if (this.video !== undefined) usePlayer.setState({ status: 'empty', fragments: [], instantUs: undefined, playing: false });
    this.unload();
    if (this.video !== undefined && this.frameCallbackId !== undefined) this.video.cancelVideoFrameCallback(this.frameCallbackId);
    this.frameCallbackId = undefined;
    for (const timer of this.fallbackTimers) clearTimeout(timer);
    this.fallbackTimers.clear();
    for (const detach of this.detachers.splice(0).reverse()) detach();
    this.video = undefined;
    this.container = undefined;
    this.pendingInstantUs = undefined;
    this.publishSeeking();
  }

  /**
   * Resolves once the last seek's frame is on screen, so the clock names the frame the user
   * sees. A seek may hand over to a reload (a stuck seek's recovery), whose playlist then
   * seeks again: waits on until neither is on its way. Each load is waited for once: one
   * that found no footage (or failed) stays pending without a seek to wait for.
   */
  async settled(): Promise<void> {
    let waitedLoad: number | undefined;
    for (;;) {
      if (this.loadPending() && waitedLoad !== this.loadSerial) {
        waitedLoad = this.loadSerial;
        // While a playlist loads at an instant, the seek there is not asked for yet.
        await new Promise<void>((resolve) => this.loadWaiters.push(resolve));
      } else if (this.seeks.inFlight) await this.seeks.settled();
      else return;
    }
  }

  /** True while a playlist loads whose first seek (to an instant or a preview's start) is still to be asked for. */
  private loadPending(): boolean {
    return this.pendingInstantUs !== undefined || this.pendingMediaSeconds !== undefined;
  }

  /** Reloads the current window (after an error, or when the drive came back). */
  reload(): void {
    this.loadFromArchive();
  }

  play(): void {
    this.previewAim = undefined;
    void this.video?.play().catch(() => undefined);
  }

  pause(): void {
    // Paused while a playlist loads: it must not start once loaded.
    this.playAfterLoad = false;
    this.video?.pause();
  }

  togglePlay(): void {
    if (this.video === undefined) return;
    if (this.video.paused) this.play();
    else this.pause();
  }

  /** Shows the frame at a wall-clock instant (or the next footage when it is in a hole). */
  seekInstant(instantUs: number): void {
    const position = mediaAtInstant(currentFragments(), instantUs);
    if (position === undefined) {
      this.pendingInstantUs = instantUs;
      // Moves made before go from the old anchor; this one replaces it.
      this.pendingOffsetSeconds = 0;
      this.publishSeeking();
      return;
    }
    // In a hole, the frame to land on (and to check the landing against) is the first after it.
    const { fragments, frameSeconds } = usePlayer.getState();
    this.seekMedia(position.mediaSeconds, position.inHole ? frameInstantUs(fragments, position.mediaSeconds, frameSeconds) : instantUs);
  }

  /**
   * Moves by footage seconds from the frame on screen (or the seek on its way): holes are
   * skipped, not counted. Counted in the archive's instants, not in media time: where the
   * map is still an estimate (footage not parsed yet), media time is a few milliseconds
   * off, and the move would land a frame off. Checked like any seek to an instant.
   */
  seekBy(offsetSeconds: number): void {
    // No time map yet to move in: the move goes from the anchor once there is one (see onLevelDetails).
    if (this.pendingInstantUs !== undefined) {
      this.pendingOffsetSeconds += offsetSeconds;
      return;
    }
    // A preview's map is the edit's: its instants go back where a later range shows earlier footage.
    if (usePreview.getState().url !== undefined) {
      this.seekPreviewBy(Math.round(offsetSeconds * US_PER_SECOND));
      return;
    }
    const fragments = currentFragments();
    const fromUs = this.shownInstantUs();
    const targetUs = fromUs === undefined ? undefined : instantAfterFootage(fragments, fromUs, Math.round(offsetSeconds * US_PER_SECOND));
    if (targetUs !== undefined) this.seekInstant(targetUs);
  }

  /** Shows the frame at a time of the loaded playlist (the preview's edit time). */
  seekMediaSeconds(mediaSeconds: number): void {
    this.seekMedia(mediaSeconds, undefined);
  }

  /** Shows the frame at a time in the preview's edit, aimed again when the map of its part is read (see reaimPreview). */
  seekPreviewEdit(editUs: number): void {
    const mediaSeconds = mediaSecondsOfEdit(editUs, usePreview.getState().entries, currentFragments());
    this.seekMedia(mediaSeconds, undefined);
    this.previewAim = { editUs, mediaSeconds };
  }

  /**
   * Moves the preview by edit time from the frame on screen (or the preview seek on its
   * way), aimed like a click on its timeline: the target is an edit time, not a media time
   * of hls.js's estimate, so it is aimed again once its part's frames are read. While the
   * preview loads, the move is added to where it starts.
   */
  private seekPreviewBy(offsetUs: number): void {
    if (this.pendingMediaSeconds !== undefined) {
      this.pendingMediaSeconds = Math.max(0, this.pendingMediaSeconds + offsetUs / US_PER_SECOND);
      return;
    }
    const fromUs = this.shownEditUs();
    if (fromUs !== undefined) this.seekPreviewEdit(Math.max(0, fromUs + offsetUs));
  }

  /** Edit time of the preview seek on its way, or of the frame on screen; undefined before the preview's map is there. */
  private shownEditUs(): number | undefined {
    if (this.previewAim !== undefined && this.seeks.inFlight) return this.previewAim.editUs;
    const { fragments, frameSeconds } = usePlayer.getState();
    return previewPosition(this.shownMediaSeconds(), usePreview.getState().entries, fragments, frameSeconds)?.editUs;
  }

  /** The map moved under a preview seek (its part's frames read): seek where its edit time now is. */
  private reaimPreview(): void {
    const aim = this.previewAim;
    if (aim === undefined || this.video?.paused !== true) return;
    const mediaSeconds = mediaSecondsOfEdit(aim.editUs, usePreview.getState().entries, currentFragments());
    if (Math.abs(mediaSeconds - aim.mediaSeconds) < REAIM_MIN_SECONDS) return;
    this.seekMedia(mediaSeconds, undefined);
    this.previewAim = { editUs: aim.editUs, mediaSeconds };
  }

  /** Jumps to a fraction (0..1) of the loaded footage (of the edit, in preview). */
  seekFraction(fraction: number): void {
    const lastEntry = usePreview.getState().entries.at(-1);
    if (usePreview.getState().url !== undefined && lastEntry !== undefined) {
      this.seekPreviewEdit(Math.round((lastEntry.editStartUs + lastEntry.durationUs) * fraction));
      return;
    }
    const fragments = currentFragments();
    const last = fragments[fragments.length - 1];
    if (last !== undefined) this.seekMedia((last.mediaStartSeconds + last.durationSeconds) * fraction, undefined);
  }

  stepFrames(frames: number): void {
    if (this.video === undefined) return;
    this.pause();
    const { fragments, frameSeconds } = usePlayer.getState();
    const targetSeconds = frameStepSeconds(fragments, this.shownMediaSeconds(), frames, frameSeconds);
    // In preview, the frame's edit time (the map's instants go back where a range shows earlier footage).
    const previewEditUs =
      usePreview.getState().url === undefined ? undefined : previewPosition(targetSeconds, usePreview.getState().entries, fragments, frameSeconds)?.editUs;
    if (previewEditUs !== undefined) this.seekPreviewEdit(previewEditUs);
    // Checked against the frame's instant: a step must land on that frame, not near it.
    else this.seekMedia(targetSeconds, frameInstantUs(fragments, targetSeconds, frameSeconds));
  }

  setSpeed(speed: number): void {
    if (this.video !== undefined) this.video.playbackRate = speed;
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.container?.requestFullscreen().catch(() => undefined);
  }

  private listen(video: HTMLVideoElement, type: keyof HTMLVideoElementEventMap, listener: () => void): void {
    video.addEventListener(type, listener);
    this.detachers.push(() => video.removeEventListener(type, listener));
  }

  private seekMedia(mediaSeconds: number, targetUs: number | undefined): void {
    if (this.video === undefined) return;
    // Any other seek replaces a preview seek's aim.
    this.previewAim = undefined;
    if (this.damagedAhead && !isBuffered(this.video.buffered, mediaSeconds)) {
      this.loadFromArchive(targetUs ?? this.instantAtMedia(mediaSeconds));
      return;
    }
    this.apply(this.seeks.request(currentFragments(), mediaSeconds, targetUs));
  }

  /** Sets currentTime for the seek in flight and watches that it lands within SEEK_STUCK_MS. */
  private moveElement(elementSeconds: number): void {
    if (this.video === undefined) return;
    // Every seek is checked once it lands (and re-aimed if it missed), so a first aim only has to fetch the right footage.
    this.video.currentTime = loadableSeconds(this.video.buffered, elementSeconds, this.hlsSpanAt(elementSeconds));
    this.presentedSinceAim = false;
    this.watchStuck(this.seeks.token);
  }

  /** Checks in SEEK_STUCK_MS that the seek of `token` landed, or at least that its footage is coming. */
  private watchStuck(token: number): void {
    const before = this.loadMark();
    this.later(SEEK_STUCK_MS, () => this.recoverStuckSeek(token, before));
  }

  /** How far the footage has come: bytes hls.js received for this playlist's fragments, seconds buffered. */
  private loadMark(): LoadMark {
    const fragments = this.hls?.levels.flatMap((level) => level.details?.fragments ?? []) ?? [];
    return loadMark(fragments, this.video?.buffered);
  }

  /**
   * Where hls.js places the fragment that holds `mediaSeconds` in the player's map (taken
   * strictly: a seek position is no presented frame, whose time may sit a hair early).
   */
  private hlsSpanAt(mediaSeconds: number): HlsFragmentSpan | undefined {
    const hls = this.hls;
    const sn = this.mappedSns[fragmentIndexOfFrame(currentFragments(), mediaSeconds, 0)];
    const fragment = hls?.levels[Math.max(hls.currentLevel, 0)]?.details?.fragments.find((candidate) => candidate.sn === sn);
    return fragment && { startSeconds: fragment.start, endSeconds: fragment.end };
  }

  /**
   * A seek that has not shown its frame: watched again while its footage is coming (a
   * slow drive), else sought again, then the playlist reloaded at its instant.
   */
  private recoverStuckSeek(token: number, before: LoadMark): void {
    // A preview reloads at the seek's edit time (its instants do not name a place in the edit).
    const editUs = usePreview.getState().url === undefined ? undefined : this.shownEditUs();
    const recovery = this.seeks.stuck(currentFragments(), token, loadProgressed(before, this.loadMark()));
    if (recovery?.action === 'wait') this.watchStuck(token);
    if (recovery?.action === 'reseek') this.moveElement(recovery.elementSeconds);
    if (recovery?.action === 'reload') this.loadFromArchive(recovery.instantUs, editUs === undefined ? undefined : editUs / US_PER_SECOND);
    this.publishSeeking();
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.fallbackTimers.delete(timer);
      run();
    }, delayMs);
    this.fallbackTimers.add(timer);
  }

  /**
   * Moves the element where the tracker says. The clock keeps naming the frame on screen
   * (the next presented frame names its own instant); the store's `seeking` says that a
   * seek is on its way, so nothing takes that frame for the seek's landing.
   */
  private apply(step: SeekStep): void {
    const video = this.video;
    if (step !== undefined && video !== undefined && this.seeks.inFlight) {
      if (this.seeks.corrections > 0 && !video.seeking && this.aimsWhereShown(video, step.elementSeconds)) this.awaitFootage();
      else this.moveElement(step.elementSeconds);
    }
    this.publishSeeking();
  }

  /**
   * True when setting currentTime for `elementSeconds` would aim where the element stands
   * already: a re-aim whose target hls.js does not count as buffered yet (the footage after
   * it is still loading) goes back to the first aim, which shows that aim's frame again.
   */
  private aimsWhereShown(video: HTMLVideoElement, elementSeconds: number): boolean {
    const loadable = loadableSeconds(video.buffered, elementSeconds, this.hlsSpanAt(elementSeconds));
    return Math.abs(loadable - video.currentTime) < MIN_FRAME_SECONDS / 2;
  }

  /**
   * Keeps the seek in flight without moving the element or spending a re-aim: the next
   * footage hls.js buffers judges the landing again (refreshFragments), by when the target
   * can be sought. Watched like any aim, so it cannot wait for good.
   */
  private awaitFootage(): void {
    this.seeks.uncount();
    this.watchStuck(this.seeks.token);
  }

  /** Tells the store whether a seek (or the playlist it waits for) is on its way. */
  private publishSeeking(): void {
    const seeking = this.seeks.inFlight || this.loadPending();
    if (usePlayer.getState().seeking !== seeking) usePlayer.setState({ seeking });
  }

  /**
   * Checks the landing, once the frame on screen can be named exactly: its segment's frames
   * were read (else the map there is hls.js's estimate, and a frame a few frames off the
   * target would pass for it; refreshFragments settles again once they are). `force`
   * checks with what is known (the fallback when no new frame comes).
   */
  private settle(force = false): void {
    if (!force && (!this.presentedSinceAim || !this.shownFrameRead())) return;
    this.apply(this.seeks.frameShown(currentFragments(), this.lastFrameMediaSeconds, usePlayer.getState().frameSeconds));
    // Landed: named with the map as it is now (refreshFragments may have moved it since the frame came).
    const shownSeconds = this.lastFrameMediaSeconds;
    if (!this.seeks.inFlight && shownSeconds !== undefined)
      usePlayer.setState((s) => ({ instantUs: frameInstantUs(s.fragments, shownSeconds, s.frameSeconds) ?? s.instantUs }));
  }

  /** True when the segment of the frame on screen has had its frames read (see readFrames). */
  private shownFrameRead(): boolean {
    const shownSeconds = this.lastFrameMediaSeconds;
    const { fragments, frameSeconds } = usePlayer.getState();
    if (shownSeconds === undefined || fragments.length === 0) return true;
    const sn = this.mappedSns[fragmentIndexOfFrame(fragments, shownSeconds, frameSeconds)];
    return sn === undefined || this.frameSpans.has(sn);
  }

  /** Instant of the frame on screen, or of the frame the seek in flight goes to. */
  private shownInstantUs(): number | undefined {
    const pendingSeconds = this.seeks.pendingSeconds;
    if (pendingSeconds === undefined) return usePlayer.getState().instantUs;
    return this.seeks.pendingInstantUs ?? this.instantAtMedia(pendingSeconds);
  }

  /** Media time of the frame on screen (while paused) or of playback. */
  private shownMediaSeconds(): number {
    if (this.video === undefined) return 0;
    const pendingSeconds = this.seeks.pendingSeconds;
    if (pendingSeconds !== undefined) return pendingSeconds;
    return this.video.paused && this.lastFrameMediaSeconds !== undefined ? this.lastFrameMediaSeconds : this.video.currentTime;
  }

  private onSeeked(video: HTMLVideoElement): void {
    const token = this.seeks.seeked();
    this.later(SETTLE_FALLBACK_MS, () => {
      // With no frame of this playlist on screen yet (a reload) there is nothing to land on:
      // its first frame judges the landing (watchFrames), the stuck-seek timer bounds the wait.
      if (!this.seeks.fallbackDue(token) || video.seeking || this.lastFrameMediaSeconds === undefined) return;
      // No new frame was presented: the one already on screen is the one at the target.
      showMediaTime(this.lastFrameMediaSeconds);
      this.settle(true);
    });
  }

  private onVolumeChange(video: HTMLVideoElement): void {
    const settings = useSettings.getState();
    if (settings.volume !== video.volume) settings.setVolume(video.volume);
    if (settings.muted !== video.muted) settings.setMuted(video.muted);
  }

  private applyVolume(): void {
    if (this.video === undefined) return;
    const { volume, muted } = useSettings.getState();
    this.video.volume = volume;
    this.video.muted = muted;
  }

  private watchFrames(video: HTMLVideoElement): void {
    const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
      const previous = this.lastFrameMediaSeconds;
      this.lastFrameMediaSeconds = metadata.mediaTime;
      this.presentedSinceAim = true;
      if (previous !== undefined && !video.paused) this.learnFrameDuration(metadata.mediaTime - previous);
      showMediaTime(metadata.mediaTime);
      if (this.seeks.inFlight && !video.seeking) this.settle();
      this.frameCallbackId = video.requestVideoFrameCallback(onFrame);
    };
    this.frameCallbackId = video.requestVideoFrameCallback(onFrame);
  }

  /** Consecutive presented frames are one frame apart at most; the smallest gap is the frame duration. */
  private learnFrameDuration(deltaSeconds: number): void {
    if (deltaSeconds < MIN_FRAME_SECONDS || deltaSeconds > MAX_FRAME_SECONDS) return;
    if (this.frameDurationMeasured && deltaSeconds >= usePlayer.getState().frameSeconds - 1e-4) return;
    this.frameDurationMeasured = true;
    usePlayer.setState({ frameSeconds: deltaSeconds });
  }

  private onHlsError(data: ErrorData): void {
    this.recovered.noteError(data);
    const refused = refusedDamagedSegment(data);
    if (refused !== undefined && !this.refusedSegments.has(refused)) {
      this.onDamagedSegment(refused);
      return;
    }
    const unplayable = unplayableFragment(data);
    if (unplayable !== undefined) {
      this.parseErrors.set(unplayable.frag.sn as number, unplayable.why);
      if (unplayable.final && this.onUnreadableSegment(unplayable.frag, unplayable.why, true)) return;
    }
    // An empty window is not fatal to hls.js (an open playlist may still grow) but is to the user.
    if (data.details === ErrorDetails.LEVEL_EMPTY_ERROR) showNoFootage();
    // hls.js retries segments for a while before giving up: say so at once, the picture is stuck meanwhile.
    if (data.details === ErrorDetails.FRAG_LOAD_ERROR && !data.fatal) useNotice.getState().show(`${describeHlsError(data)} Retrying…`, 'error');
    if (!data.fatal || this.hls === undefined) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      this.hls.recoverMediaError();
      return;
    }
    this.seeks.end();
    this.releaseLoadWaiters();
    this.publishSeeking();
    usePlayer.setState({ status: 'error', error: describeHlsError(data), noFootage: isNoFootage(data), playing: false });
  }

  /**
   * The archive refused a segment as damaged: hls.js stops loading there (a refused
   * fragment is fatal with one level) but plays on what it buffered, and the playlist
   * served from now on leaves the segment out like a hole. Reloading at once would blank
   * the picture while the footage before the segment still plays (hls.js loads up to 20 s
   * ahead), so the reload waits until playback needs footage hls.js no longer fetches: the
   * stall where the segment was, or a seek outside the buffer. A seek waiting already
   * for that footage reloads now.
   */
  private onDamagedSegment(name: string): void {
    this.refusedSegments.add(name);
    void damageFound(name);
    this.damagedAhead = true;
    const pendingSeconds = this.seeks.pendingSeconds;
    if (pendingSeconds !== undefined) this.loadFromArchive(this.instantAtMedia(pendingSeconds));
    else if (this.video !== undefined && !this.video.paused && this.video.readyState < HAVE_FUTURE_DATA) this.onWaiting();
  }

  /** hls.js finished with a fragment: one it found no video in is footage the player cannot show. */
  private onFragParsed(frag: Fragment): void {
    if (parsedWithoutVideo(frag)) this.onUnreadableSegment(frag, this.parseErrors.get(frag.sn as number) ?? 'it holds no video', false);
  }

  /**
   * A segment the archive passed but hls.js cannot play: says which and when, and leaves
   * it out like a hole: out of the time map (the timeline shows a hole, a seek into it
   * lands on the next good footage, the clock never names an instant of it) and a gap to
   * hls.js, which then neither loads it again nor waits for it. Where the failure broke
   * the MediaSource (`reload`), the playlist is loaded afresh at the same instant, with
   * the segment a gap from the start. False when that segment was known already: a failure
   * again is not the segment's doing, and reloading again would loop.
   */
  private onUnreadableSegment(frag: Fragment, why: string, reload: boolean): boolean {
    const found = unreadableSegment(frag, why);
    if (found === undefined || this.unreadableSegments.has(found.name)) return false;
    const pendingSeconds = this.seeks.pendingSeconds;
    // Named with the map that still has the segment: a seek into it goes to the next good footage.
    const pendingUs = pendingSeconds === undefined ? undefined : this.instantAtMedia(pendingSeconds);
    this.unreadableSegments.add(found.name);
    unplayableFound(found);
    if (reload) {
      this.loadFromArchive(pendingUs);
      return true;
    }
    frag.gap = true;
    this.refreshFragments();
    if (pendingUs !== undefined) this.seekInstant(pendingUs);
    return true;
  }

  /** A fragment reached the buffer: one hls.js or the browser got over damage in is said, and marked, but plays. */
  private onFragBuffered(frag: Fragment): void {
    const found = this.recovered.buffered(frag);
    if (found !== undefined && !this.unreadableSegments.has(found.name)) recoveredFound(found);
  }

  /**
   * The browser's decoder refused a picture hls.js passed (a segment damaged inside): the
   * element stops for good, frozen. The segment holding that picture is left out like one
   * hls.js cannot play, and playback goes on after it (playing, if it played); only a
   * failure it cannot place (or a second in the same segment) stops with a message.
   */
  private onMediaElementError(video: HTMLVideoElement): void {
    const error = video.error;
    if (error?.code !== MediaError.MEDIA_ERR_DECODE || this.hls === undefined) return;
    const details = this.hls.levels[Math.max(this.hls.currentLevel, 0)]?.details;
    const frag = details && fragmentAtMedia(details, failedPictureSeconds(error.message) ?? video.currentTime);
    const wasPlaying = usePlayer.getState().playing;
    if (frag !== undefined && this.onUnreadableSegment(frag, 'the browser could not decode its video', true)) {
      this.playAfterLoad = wasPlaying;
      return;
    }
    this.seeks.end();
    usePlayer.setState({
      status: 'error',
      error: `The browser could not decode the video here (${error.message}). Reload the window to play on.`,
      playing: false,
    });
  }

  /** Playback ran out of footage: past a refused segment, the playlist without it goes on from the frame on screen. */
  private onWaiting(): void {
    if (this.damagedAhead) this.loadFromArchive(usePlayer.getState().instantUs);
  }

  private instantAtMedia(mediaSeconds: number): number | undefined {
    const { fragments, frameSeconds } = usePlayer.getState();
    return frameInstantUs(fragments, mediaSeconds, frameSeconds);
  }

  private onLevelDetails(details: LevelDetails): void {
    markUnreadable(details, this.unreadableSegments);
    const fragments = fragmentsOf(details, this.frameSpans, this.unreadableSegments);
    this.mappedSns = mappedSegmentNumbers(details, this.unreadableSegments);
    usePlayer.setState({ fragments, live: details.live });
    if (fragments.length === 0) {
      showNoFootage();
      this.releaseLoadWaiters();
      this.publishSeeking();
      return;
    }
    if (usePlayer.getState().status !== 'ready') usePlayer.setState({ status: 'ready', error: undefined, noFootage: false });
    if (this.pendingInstantUs !== undefined) {
      const instantUs = this.pendingInstantUs;
      this.pendingInstantUs = undefined;
      this.seekInstant(instantUs);
      const offsetSeconds = this.pendingOffsetSeconds;
      this.pendingOffsetSeconds = 0;
      if (offsetSeconds !== 0) this.seekBy(offsetSeconds);
    } else if (this.pendingMediaSeconds !== undefined) {
      // The preview's start is a time in the edit: aimed again once its part's frames are read.
      const editUs = Math.round(this.pendingMediaSeconds * US_PER_SECOND);
      this.pendingMediaSeconds = undefined;
      this.seekPreviewEdit(editUs);
    }
    this.startLoading();
    if (this.playAfterLoad) this.play();
    this.playAfterLoad = false;
    this.releaseLoadWaiters();
    this.publishSeeking();
  }

  /** Starts hls.js loading where the element was pointed (the anchor's seek), once, when load() deferred it. */
  private startLoading(): void {
    if (!this.startDeferred || this.hls === undefined || this.video === undefined) return;
    this.startDeferred = false;
    // Before the element has footage, currentTime reads back the position it was set to.
    this.hls.startLoad(this.video.currentTime);
  }

  /** Lets settled() go on to the seek in flight (or to nothing, when the load was dropped): never waits for a playlist forever. */
  private releaseLoadWaiters(): void {
    const waiters = this.loadWaiters;
    this.loadWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * hls.js moves fragment starts to their real timestamps once parsed; follow it. A paused
   * frame already on screen is named again with the corrected map (no new frame comes).
   */
  private refreshFragments(): void {
    const hls = this.hls;
    const level = hls?.levels[Math.max(hls.currentLevel, 0)];
    if (!level?.details) return;
    const fragments = fragmentsOf(level.details, this.frameSpans, this.unreadableSegments);
    this.mappedSns = mappedSegmentNumbers(level.details, this.unreadableSegments);
    const shownSeconds = this.lastFrameMediaSeconds;
    const still = this.video?.paused === true && !this.seeks.inFlight && shownSeconds !== undefined;
    usePlayer.setState((s) => ({ fragments, instantUs: still ? (frameInstantUs(fragments, shownSeconds, s.frameSeconds) ?? s.instantUs) : s.instantUs }));
    // A landing waiting for its segment's frames to be read is checked now.
    if (this.seeks.inFlight && this.video?.seeking === false && shownSeconds !== undefined) this.settle();
    this.reaimPreview();
  }

  /**
   * Notes where a video segment's frames show, from the fMP4 hls.js appends. Its ticks
   * count from an origin hls.js does not report, so they are placed by their smallest,
   * which hls.js's video start for the segment names.
   */
  private readFrames(data: BufferAppendingData): void {
    const sn = data.frag.sn;
    const startSeconds = data.frag.elementaryStreams.video?.startPTS;
    if (data.type !== 'video' || typeof sn !== 'number' || startSeconds === undefined) return;
    const ticks = presentationTicks(data.data);
    if (ticks === undefined || ticks.length === 0) return;
    const presentationSeconds = ticks.map((tick) => startSeconds + (tick - ticks[0]!) / VIDEO_TICKS_PER_SECOND);
    this.recovered.noteFrames(data.frag, presentationSeconds);
    const span = frameSpan(presentationSeconds);
    // Checked at the end: after a segment cut short, hls.js moves the next one's first frame back over the hole, by up to its length.
    const endSeconds = data.frag.elementaryStreams.video?.endPTS ?? startSeconds;
    if (span === undefined || Math.abs(span.mediaStartSeconds + span.durationSeconds - endSeconds) > MAX_SPAN_CORRECTION_SECONDS) return;
    this.frameSpans.set(sn, span);
    // Mapped now, not at FRAG_BUFFERED: a landing in this segment may be judged (shownFrameRead)
    // before then, and judged against the playlist's estimate a target near the segment's
    // end can seem in the hole after it (the seek then ended on its first aim's frame).
    this.refreshFragments();
  }

  /** Drops the playlist; destroying the hls.js instance also removes the listeners added to it. */
  private unload(): void {
    // A seek into the playlist going away never lands; whoever waits for it must not wait forever.
    this.seeks.end();
    this.releaseLoadWaiters();
    this.previewAim = undefined;
    this.hls?.destroy();
    this.hls = undefined;
    this.lastFrameMediaSeconds = undefined;
    this.frameDurationMeasured = false;
    this.frameSpans.clear();
    this.parseErrors.clear();
    this.recovered.clear();
    this.mappedSns = [];
    this.damagedAhead = false;
    this.publishSeeking();
  }

  /** Loads a playlist; `anchorUs` is the instant to show first (the previous playhead). */
  private load(url: string, anchorUs: number | undefined, startSeconds = 0): void {
    this.unload();
    if (this.video === undefined) return;
    this.loadSerial++;
    this.pendingInstantUs = anchorUs;
    this.pendingOffsetSeconds = 0;
    this.pendingMediaSeconds = anchorUs === undefined && startSeconds > 0 ? startSeconds : undefined;
    this.publishSeeking();
    // The new source shows nothing until its first frame is presented: the clock names no
    // instant meanwhile (not the anchor, which is where the picture is to land, not a frame on screen).
    usePlayer.setState({
      status: 'loading',
      error: undefined,
      noFootage: false,
      fragments: [],
      playing: false,
      instantUs: undefined,
      mediaSeconds: startSeconds,
      frameSeconds: 1 / 30,
    });
    this.startDeferred = anchorUs !== undefined;
    const hls = new Hls({
      autoStartLoad: !this.startDeferred,
      startPosition: startSeconds,
      maxBufferLength: 20,
      backBufferLength: 30,
      maxBufferHole: HLS_BUFFER_HOLE_SECONDS,
      maxFragLookUpTolerance: HLS_LOOKUP_TOLERANCE_SECONDS,
      enableWorker: true,
    });
    hls.on(Events.ERROR, (_event, data) => this.onHlsError(data));
    hls.on(Events.LEVEL_LOADED, (_event, data) => this.onLevelDetails(data.details));
    hls.on(Events.BUFFER_APPENDING, (_event, data) => this.readFrames(data));
    hls.on(Events.FRAG_BUFFERED, (_event, data) => {
      this.refreshFragments();
      this.onFragBuffered(data.frag);
    });
    hls.on(Events.FRAG_PARSED, (_event, data) => this.onFragParsed(data.frag));
    hls.loadSource(url);
    hls.attachMedia(this.video);
    this.hls = hls;
  }

  /** Loads the archive store's window at `anchorUs` (default: the playhead, when inside it), or the preview at `previewStartSeconds` (default: its start), playing on if it played. */
  private loadFromArchive(anchorOverrideUs?: number, previewStartSeconds?: number): void {
    const preview = usePreview.getState();
    const playing = this.video !== undefined && !this.video.paused;
    if (preview.url !== undefined) {
      this.load(preview.url, undefined, previewStartSeconds ?? preview.startSeconds);
      // A preview reloaded after an edit plays on from its start position as it played (or as
      // the reload this one replaces was to: the element stopped when that one began).
      this.playAfterLoad = playing || this.playAfterLoad;
      return;
    }
    const { channel, quality, window } = useArchive.getState();
    if (channel === undefined || quality === undefined || window === undefined) {
      this.unload();
      usePlayer.setState({ status: 'empty', fragments: [], instantUs: undefined });
      return;
    }
    // A reload while one is on its way keeps that one's anchor (the clock names nothing yet).
    const previousUs = anchorOverrideUs ?? this.pendingInstantUs ?? this.shownInstantUs();
    const anchorUs = previousUs !== undefined && previousUs >= window.startUs && previousUs < window.endUs ? previousUs : undefined;
    this.load(playlistUrl(channel, quality, window.startUs, window.endUs), anchorUs);
    // Only a seek to the anchor resumes playback: without one, the new window starts paused.
    this.playAfterLoad = playing && anchorUs !== undefined;
  }
}
