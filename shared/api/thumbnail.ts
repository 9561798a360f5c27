/**
 * API methods of pictures: snapshots of the frame on screen saved as files, and the
 * thumbnail templates of the user data folder (list, add, rename, remove, default boxes).
 * The thumbnails themselves are the `/thumbnail/...png` route (docs/ROUTES.md).
 * Errors: bad-input (a bad name, box or file, named), not-found (no such template),
 * output-exists, output-not-writable, disk-full, no-footage, damaged-segment.
 */
import './no-eval';
import { z } from 'zod';
import { MAX_TEMPLATE_BYTES } from '../thumbnail';
import { folderName } from './archive';
import type { MethodSpec } from './contract';
import { instantUs } from './codecs';

export const boxSchema = z.object({ left: z.int().min(0), top: z.int().min(0), right: z.int().min(0), bottom: z.int().min(0) });

export const templateInfoSchema = z.object({
  name: z.string(),
  width: z.int(),
  height: z.int(),
  /** Used when a thumbnail names no boxes of its own. */
  crop: boxSchema,
  location: boxSchema,
});

const templateName = z.string().min(1).max(64);

export const thumbnailMethods = {
  saveSnapshot: {
    summary: 'Saves the frame on screen at an instant as a PNG or JPEG file at outputPath (absolute); refuses an existing file unless overwrite.',
    input: z.object({
      channel: folderName,
      quality: folderName,
      instant: instantUs,
      format: z.enum(['png', 'jpeg']),
      outputPath: z.string().min(1),
      overwrite: z.boolean().default(false),
    }),
    output: z.object({ path: z.string(), bytes: z.int() }),
  },
  listTemplates: {
    summary: 'The thumbnail templates of the user data folder (the default one is made on first use).',
    input: z.object({}),
    output: z.array(templateInfoSchema),
  },
  addTemplate: {
    summary: `Adds a template: a PNG (base64, at most ${MAX_TEMPLATE_BYTES / 1024} KiB) transparent where the frame shows; boxes default to the whole image.`,
    input: z.object({
      name: templateName,
      pngBase64: z.base64().max(Math.ceil(MAX_TEMPLATE_BYTES / 3) * 4 + 4),
      crop: boxSchema.optional(),
      location: boxSchema.optional(),
    }),
    output: templateInfoSchema,
  },
  setTemplateBoxes: {
    summary: "Saves a template's default crop and location boxes.",
    input: z.object({ name: templateName, crop: boxSchema, location: boxSchema }),
    output: templateInfoSchema,
  },
  renameTemplate: {
    summary: 'Renames a template; refuses a name that exists.',
    input: z.object({ from: templateName, to: templateName }),
    output: z.object({}),
  },
  removeTemplate: {
    summary: 'Removes a template (its PNG and its boxes).',
    input: z.object({ name: templateName }),
    output: z.object({}),
  },
} satisfies Record<string, MethodSpec>;
