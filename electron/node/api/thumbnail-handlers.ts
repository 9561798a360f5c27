/** Main-process implementation of the picture API methods (shared/api/thumbnail.ts). */
import type { Handlers } from '../../../shared/api/contract';
import type { thumbnailMethods } from '../../../shared/api/thumbnail';
import type { Archive } from '../archive/archive';
import { frameSourceOf } from '../thumbnail/frame-source';
import { frameImage } from '../protocol/image-routes';
import { checkSavePath, saveFile } from '../thumbnail/saved-file';
import type { TemplateStore } from '../thumbnail/templates';
import { openedArchive } from './opened-archive';

export type ThumbnailHandlers = Handlers<typeof thumbnailMethods>;

export function thumbnailHandlers(current: () => Archive | undefined, templates: TemplateStore): ThumbnailHandlers {
  const log = (message: string) => console.warn(message);
  return {
    async saveSnapshot({ channel, quality, instant, format, outputPath, overwrite }) {
      const archive = openedArchive(current);
      const finalPath = await checkSavePath(archive, outputPath, 'snapshot');
      const image = await frameImage(frameSourceOf(archive, log), channel, quality, instant, format);
      await saveFile(finalPath, image, overwrite);
      return { path: finalPath, bytes: image.length };
    },
    listTemplates: () => templates.list(),
    addTemplate: ({ name, pngBase64, crop, location }) => templates.add(name, Buffer.from(pngBase64, 'base64'), { crop, location }),
    setTemplateBoxes: ({ name, crop, location }) => templates.setBoxes(name, crop, location),
    async renameTemplate({ from, to }) {
      await templates.rename(from, to);
      return {};
    },
    async removeTemplate({ name }) {
      await templates.remove(name);
      return {};
    },
  };
}
