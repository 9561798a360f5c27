/** The thumbnail templates of the user data folder, as the API lists them, and the changes the composer makes. */
import { create } from 'zustand';
import { MAX_TEMPLATE_BYTES, type Box } from '../../shared/thumbnail';
import { client } from '../bridge/bridge';
import { describeError } from './archive';

export interface TemplateEntry {
  name: string;
  width: number;
  height: number;
  crop: Box;
  location: Box;
}

interface TemplatesState {
  templates: readonly TemplateEntry[];
  /** What the last change failed with, said in the composer. */
  error: string | undefined;
  /** Bumps when a template's picture changes under the same name, so previews reload. */
  revision: number;
  refresh(): Promise<void>;
  add(name: string, png: Blob): Promise<TemplateEntry | undefined>;
  rename(from: string, to: string): Promise<boolean>;
  remove(name: string): Promise<boolean>;
  saveBoxes(name: string, crop: Box, location: Box): Promise<boolean>;
}

function base64Of(bytes: Uint8Array): string {
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(text);
}

export const useTemplates = create<TemplatesState>()((set, get) => {
  /** Runs a change, then lists again; false (and the reason shown) when it failed. */
  const change = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const result = await run();
      set({ error: undefined, revision: get().revision + 1 });
      await get().refresh();
      return result;
    } catch (error) {
      set({ error: describeError(error) });
      return undefined;
    }
  };
  return {
    templates: [],
    error: undefined,
    revision: 0,
    async refresh() {
      try {
        set({ templates: await client.listTemplates({}) });
      } catch (error) {
        set({ error: describeError(error) });
      }
    },
    async add(name, png) {
      // Said here: past the limit the API would refuse the request body itself, in less helpful words.
      if (png.size > MAX_TEMPLATE_BYTES) {
        set({
          error: `Template ${name} is ${Math.ceil(png.size / 1024)} KiB; templates may be at most ${MAX_TEMPLATE_BYTES / 1024} KiB. Save it smaller (fewer colours, or 1280x720).`,
        });
        return undefined;
      }
      return change(async () => client.addTemplate({ name, pngBase64: base64Of(new Uint8Array(await png.arrayBuffer())) }));
    },
    rename: async (from, to) => (await change(() => client.renameTemplate({ from, to }))) !== undefined,
    remove: async (name) => (await change(() => client.removeTemplate({ name }))) !== undefined,
    saveBoxes: async (name, crop, location) => (await change(() => client.setTemplateBoxes({ name, crop, location }))) !== undefined,
  };
});
