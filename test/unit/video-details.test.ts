import { describe, expect, it } from 'vitest';
import { documentOf, projectOf } from '../../renderer/edit/project';
import { setDetails } from '../../renderer/edit/document';
import { parseProject, serializeProject, type Project } from '../../shared/project';
import { parseInstant } from '../../shared/time';
import { descriptionText, detailsProblems, EMPTY_DETAILS, parseTags, sidecarJson, tagsLength, type VideoDetails } from '../../shared/video-details';

const at = (iso: string) => parseInstant(iso);

const details: VideoDetails = {
  title: 'Desert Bus 2026: the 3 AM sing-along',
  description: 'The whole bus sings.\nFilmed live.',
  tags: ['desert bus', 'charity', 'singing'],
  notes: 'Check the audio at 0:42.',
  thumbnail: {
    kind: 'template',
    template: 'default',
    instantUs: at('2026-11-14T03:00:12.345678Z'),
    crop: { left: 0, top: 0, right: 1280, bottom: 720 },
    location: { left: 80, top: 20, right: 1200, bottom: 650 },
  },
};

const project: Project = {
  archive: '/mnt/drive',
  channel: 'desertbus',
  quality: 'source',
  window: { startUs: at('2026-11-14T03:00:00Z'), endUs: at('2026-11-14T04:00:00Z') },
  ranges: [
    { startUs: at('2026-11-14T03:00:10Z'), endUs: at('2026-11-14T03:01:10Z'), label: 'Warm-up' },
    { startUs: at('2026-11-14T03:10:00Z'), endUs: at('2026-11-14T03:12:00Z'), label: 'The song' },
  ],
  transitions: [{ kind: 'cut' }],
  details,
};

describe('video details in project files', () => {
  it('round-trip exactly, thumbnail instant and boxes included', () => {
    expect(parseProject(serializeProject(project), 'p.trimdesk.json')).toEqual(project);
  });

  it('survive the editor document: open, edit, save, open again (what autosave does)', () => {
    const opened = documentOf(parseProject(serializeProject(project), 'p.trimdesk.json'));
    const edited = setDetails(opened, { tags: ['retagged'] });
    const place = { archive: '/mnt/drive', channel: 'desertbus', quality: 'source', window: project.window ?? undefined };
    const reopened = documentOf(parseProject(serializeProject(projectOf(edited, place)), 'autosave'));
    expect(reopened.details).toEqual({ ...details, tags: ['retagged'] });
    expect(reopened.ranges.map((r) => r.label)).toEqual(['Warm-up', 'The song']);
  });

  it('round-trip an image file as the thumbnail', () => {
    const withImage = { ...project, details: { ...details, thumbnail: { kind: 'image' as const, path: '/home/me/thumb.png' } } };
    expect(parseProject(serializeProject(withImage), 'p.trimdesk.json').details).toEqual(withImage.details);
  });

  it('are left out of files while empty, and older files read without them', () => {
    const text = serializeProject({ ...project, details: EMPTY_DETAILS });
    expect(JSON.parse(text)).not.toHaveProperty('details');
    expect(parseProject(text, 'p.trimdesk.json').details).toBeUndefined();
  });

  it('name the field of a bad thumbnail in a project file', () => {
    const file = JSON.parse(serializeProject(project));
    file.details.thumbnail.instant = 'yesterday';
    expect(() => parseProject(JSON.stringify(file), 'p.trimdesk.json')).toThrow(
      'p.trimdesk.json is not a Trimdesk project: details.thumbnail.instant: not an ISO 8601 UTC time',
    );
  });
});

describe('validation', () => {
  it('accepts the limits exactly and says by how much a title is over', () => {
    expect(detailsProblems({ ...details, title: 'x'.repeat(100) })).toEqual([]);
    expect(detailsProblems({ ...details, title: 'x'.repeat(103) })).toEqual([
      { field: 'title', message: 'The title is 103 characters; video sites allow 100. Shorten it by 3.' },
    ]);
  });

  it('counts tags as the video site does: commas between, quotes around a tag with a space', () => {
    expect(tagsLength(['a b', 'cd'])).toBe(3 + 2 + 1 + 2);
    const fifty = Array.from({ length: 50 }, (_, index) => `tag${String(index).padStart(5, '0')}`);
    // 50 tags of 8 characters and 49 commas: 449.
    expect(detailsProblems({ ...details, tags: fifty })).toEqual([]);
    const many = Array.from({ length: 56 }, (_, index) => `tag${String(index).padStart(5, '0')}`);
    expect(detailsProblems({ ...details, tags: many })).toEqual([
      { field: 'tags', message: 'The tags take 503 characters in total; video sites allow 500. Remove or shorten some tags.' },
    ]);
  });

  it('refuses < and > in titles, long descriptions and boxes outside the template', () => {
    const problems = detailsProblems(
      {
        ...details,
        title: 'a <b>',
        description: 'd'.repeat(5001),
        thumbnail: { ...details.thumbnail, location: { left: 0, top: 0, right: 1300, bottom: 720 } } as VideoDetails['thumbnail'],
      },
      { width: 1280, height: 720 },
    );
    expect(problems.map((p) => p.message)).toEqual([
      'The title contains < or >, which video sites refuse. Remove them.',
      'The description is 5001 characters; video sites allow 5000. Shorten it by 1.',
      'The location box 0,0,1300,720 leaves the 1280x720 picture; keep it inside 0,0,1280,720',
    ]);
  });

  it('reads tags typed with commas', () => {
    expect(parseTags(' desert bus, ,charity ,')).toEqual(['desert bus', 'charity']);
  });
});

describe('sidecar texts', () => {
  const ranges = project.ranges.map((r) => ({ startUs: r.startUs, endUs: r.endUs!, label: r.label }));

  it('put the chapters under the description', () => {
    expect(descriptionText(details, ranges, [0])).toBe('The whole bus sings.\nFilmed live.\n\nChapters\n0:00 Warm-up\n1:00 The song\n');
    expect(descriptionText(details, ranges.slice(0, 1), [])).toBe('The whole bus sings.\nFilmed live.\n');
  });

  it('hold every detail, the chapters and the file names', () => {
    const json = JSON.parse(
      sidecarJson(details, { ranges, overlapsUs: [0] }, { video: 'clip.ts', description: 'clip.description.txt', thumbnail: 'clip.thumbnail.png' }),
    );
    expect(json).toEqual({
      format: 'trimdesk-video-details',
      version: 1,
      video: 'clip.ts',
      title: details.title,
      description: details.description,
      tags: ['desert bus', 'charity', 'singing'],
      notes: 'Check the audio at 0:42.',
      chapters: [
        { start: '0:00', title: 'Warm-up' },
        { start: '1:00', title: 'The song' },
      ],
      descriptionFile: 'clip.description.txt',
      thumbnailFile: 'clip.thumbnail.png',
      thumbnail: {
        kind: 'template',
        template: 'default',
        instant: '2026-11-14T03:00:12.345678Z',
        crop: [0, 0, 1280, 720],
        location: [80, 20, 1200, 650],
      },
    });
  });
});
