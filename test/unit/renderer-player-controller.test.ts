/**
 * The player controller's attach/destroy against a real EventTarget standing in for the
 * <video> (Node has no media element): what attach adds, destroy must take away.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlayerController } from '../../renderer/player/player-controller';
import { usePlayer } from '../../renderer/stores/player';
import { useSettings } from '../../renderer/stores/settings';

/** An EventTarget with the few media element members the controller touches, counting its listeners. */
class CountingVideo extends EventTarget {
  volume = 1;
  muted = false;
  paused = true;
  seeking = false;
  playbackRate = 1;
  currentTime = 0;
  readonly frameCallbacks = new Map<number, VideoFrameRequestCallback>();
  private readonly listeners = new Set<string>();
  private nextCallbackId = 1;
  private readonly ids = new WeakMap<object, number>();
  private nextListenerId = 1;

  get listenerCount(): number {
    return this.listeners.size;
  }

  private key(type: string, listener: EventListenerOrEventListenerObject | null): string {
    if (listener === null) return type;
    if (!this.ids.has(listener)) this.ids.set(listener, this.nextListenerId++);
    return `${type}#${this.ids.get(listener)}`;
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    this.listeners.add(this.key(type, listener));
    super.addEventListener(type, listener, options);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    this.listeners.delete(this.key(type, listener));
    super.removeEventListener(type, listener, options);
  }

  requestVideoFrameCallback(callback: VideoFrameRequestCallback): number {
    const id = this.nextCallbackId++;
    this.frameCallbacks.set(id, callback);
    return id;
  }

  cancelVideoFrameCallback(id: number): void {
    this.frameCallbacks.delete(id);
  }

  play(): Promise<void> {
    this.paused = false;
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  }

  pause(): void {
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
}

function attached(): { controller: PlayerController; video: CountingVideo } {
  const video = new CountingVideo();
  const controller = new PlayerController();
  controller.attach(video as unknown as HTMLVideoElement, new EventTarget() as unknown as HTMLElement);
  return { controller, video };
}

afterEach(() => {
  usePlayer.setState({ playing: false, speed: 1 });
  useSettings.setState({ volume: 1, muted: false });
});

describe('the player controller', () => {
  it('feeds the player store from the element while attached', async () => {
    const { controller, video } = attached();
    controller.togglePlay();
    await Promise.resolve();
    expect(usePlayer.getState().playing).toBe(true);
    video.playbackRate = 2;
    video.dispatchEvent(new Event('ratechange'));
    expect(usePlayer.getState().speed).toBe(2);
    useSettings.getState().setVolume(0.4);
    expect(video.volume).toBe(0.4);
    controller.destroy();
  });

  it('removes every listener and the frame callback it added when destroyed', () => {
    const { controller, video } = attached();
    expect(video.listenerCount).toBeGreaterThan(0);
    expect(video.frameCallbacks.size).toBe(1);
    controller.destroy();
    expect(video.listenerCount).toBe(0);
    expect(video.frameCallbacks.size).toBe(0);
  });

  it('no longer hears the element or the settings once destroyed', () => {
    const { controller, video } = attached();
    controller.destroy();
    video.dispatchEvent(new Event('play'));
    expect(usePlayer.getState().playing).toBe(false);
    video.volume = 0.2;
    video.dispatchEvent(new Event('volumechange'));
    expect(useSettings.getState().volume).toBe(1);
    useSettings.getState().setVolume(0.6);
    expect(video.volume).toBe(0.2);
  });

  it('cancels the settle fallback timer a seeked event started', () => {
    vi.useFakeTimers();
    try {
      const { controller, video } = attached();
      const before = vi.getTimerCount();
      video.dispatchEvent(new Event('seeked'));
      expect(vi.getTimerCount()).toBe(before + 1);
      controller.destroy();
      expect(vi.getTimerCount()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });

  it('adds its listeners once when attached again (React may attach the same element twice)', () => {
    const { controller, video } = attached();
    const count = video.listenerCount;
    controller.attach(video as unknown as HTMLVideoElement, new EventTarget() as unknown as HTMLElement);
    expect(video.listenerCount).toBe(count);
    expect(video.frameCallbacks.size).toBe(1);
    controller.destroy();
    expect(video.listenerCount).toBe(0);
  });
});
