/** The next/previous burst keys: jump the playhead to a burst of the window's chat (shared/chat/activity.ts says which). */
import { nextBurst, previousBurst } from '../../shared/chat/activity';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { useChat } from '../stores/chat';
import { usePlayer } from '../stores/player';

export async function jumpToBurst(step: 1 | -1): Promise<void> {
  await player.settled();
  const playheadUs = usePlayer.getState().instantUs ?? useArchive.getState().window?.startUs;
  if (playheadUs === undefined) return;
  const { bursts } = useChat.getState();
  const burst = step === 1 ? nextBurst(bursts, playheadUs) : previousBurst(bursts, playheadUs);
  if (burst) player.seekInstant(burst.startUs);
}
