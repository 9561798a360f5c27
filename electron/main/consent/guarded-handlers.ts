/**
 * The desktop API with the consent gate in front of the methods a compromised page could
 * abuse: updateSettings (ffmpegPath), startExport and saveSnapshot (overwriting a file), openArchive
 * (system folders). Native picks (chooseSavePath, chooseArchive) are remembered by the
 * gate, so what the user chose there needs no second question.
 */
import type { ApiHandlers } from '../../../shared/api';
import type { ConsentGate } from './gate';

export function guardedHandlers(handlers: ApiHandlers, gate: ConsentGate): ApiHandlers {
  return {
    ...handlers,
    async updateSettings(changes) {
      const current = await handlers.getSettings({});
      await gate.checkFfmpegPath(current.ffmpegPath, changes.ffmpegPath);
      return handlers.updateSettings(changes);
    },
    async startExport(input) {
      await gate.checkOverwrite(input.outputPath, input.overwrite);
      return handlers.startExport(input);
    },
    async saveSnapshot(input) {
      await gate.checkOverwrite(input.outputPath, input.overwrite);
      return handlers.saveSnapshot(input);
    },
    async openArchive(input) {
      gate.checkOpenArchive(input.path);
      return handlers.openArchive(input);
    },
    chooseSavePath: async (options) => gate.rememberPick(await handlers.chooseSavePath(options)),
    chooseArchive: async (input) => gate.rememberPick(await handlers.chooseArchive(input)),
  };
}
