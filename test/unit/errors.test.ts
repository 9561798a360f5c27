/**
 * The one error kind table (shared/errors.ts): each kind's HTTP status and CLI exit
 * status, and every error class of the engine mapped to its kind and facts by the one
 * describeError.
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../shared/api/contract';
import { NoFootageError, PlanError } from '../../shared/cutplan';
import { EditError, EditSyntaxError } from '../../shared/edit';
import { ArchiveNotFoundError, ArchiveReadError, ERROR_KINDS, describeError, exitStatusOf, httpStatusOf, type ErrorKind } from '../../shared/errors';
import { ProjectFileError } from '../../shared/project';
import { SegmentNameError } from '../../shared/segment';
import { HoleError } from '../../shared/select';
import { parseInstant, TimeParseError } from '../../shared/time';
import { UsageError } from '../../electron/cli/command';
import { DemoTargetError } from '../../electron/node/demo/generate';
import { CancelledError, SourceReadError } from '../../electron/node/export/runner';
import { DiskFullError, OutputExistsError, OutputNotWritableError } from '../../electron/node/export/safe-output';
import { FfmpegMissingError } from '../../electron/node/ffmpeg/locate';
import { FfmpegRunError } from '../../electron/node/ffmpeg/run';
import { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { HttpError, httpErrorResponse } from '../../electron/node/protocol/http-error';

const T0 = parseInstant('2026-11-14T03:00:00Z');

describe('the error kind table', () => {
  it.each<[ErrorKind, number, number]>([
    ['bad-input', 400, 2],
    ['bad-edit', 400, 2],
    ['unsupported', 400, 2],
    ['holes', 406, 3],
    ['no-footage', 406, 3],
    ['unknown-method', 404, 2],
    ['archive-missing', 404, 1],
    ['archive-unreadable', 500, 1],
    ['output-exists', 409, 1],
    ['ffmpeg-missing', 503, 1],
    ['cancelled', 499, 130],
    ['internal', 500, 1],
  ])('%s answers HTTP %i and exits %i', (kind, httpStatus, exitStatus) => {
    expect(httpStatusOf(kind)).toBe(httpStatus);
    expect(exitStatusOf(kind)).toBe(exitStatus);
  });

  it('gives every kind an error status and one of the exit statuses the README lists', () => {
    for (const [kind, rule] of Object.entries(ERROR_KINDS)) {
      expect([kind, rule.httpStatus >= 400 && rule.httpStatus < 600]).toEqual([kind, true]);
      expect([kind, [1, 2, 3, 130].includes(rule.exitStatus)]).toEqual([kind, true]);
    }
  });

  it("exits 2 only for the user's own bad arguments", () => {
    const usage = Object.entries(ERROR_KINDS).filter(([, rule]) => rule.exitStatus === 2);
    expect(usage.every(([, rule]) => rule.usersInput)).toBe(true);
  });
});

describe('describeError', () => {
  it.each<[string, unknown, ErrorKind, Record<string, unknown> | undefined]>([
    ['ArchiveReadError', new ArchiveReadError('/a/c', 'EIO', 'x'), 'archive-unreadable', { path: '/a/c', code: 'EIO' }],
    ['ArchiveNotFoundError', new ArchiveNotFoundError('/a'), 'archive-missing', { root: '/a' }],
    ['HoleError', new HoleError(T0, T0 + 2_000_000, false), 'holes', { holeStart: '2026-11-14T03:00:00.000000Z', holeEnd: '2026-11-14T03:00:02.000000Z' }],
    ['NoFootageError', new NoFootageError(1, { startUs: T0, endUs: T0 + 1 }), 'no-footage', { range: 2 }],
    ['EditError', new EditError([{ rangeIndex: 0, message: 'm' }]), 'bad-edit', { problems: [{ rangeIndex: 0, message: 'm' }] }],
    ['EditSyntaxError', new EditSyntaxError('m'), 'bad-edit', undefined],
    ['PlanError', new PlanError('format', 'm'), 'unsupported', { reason: 'format' }],
    ['OutputExistsError', new OutputExistsError('/o.ts'), 'output-exists', { path: '/o.ts' }],
    ['OutputNotWritableError', new OutputNotWritableError('/o.ts', 'EACCES'), 'output-not-writable', { path: '/o.ts', code: 'EACCES' }],
    ['DiskFullError', new DiskFullError('/', 10, 5), 'disk-full', { neededBytes: 10, freeBytes: 5 }],
    ['SourceReadError', new SourceReadError('/s.ts', 'ENOENT'), 'source-unreadable', { path: '/s.ts', code: 'ENOENT' }],
    ['FfmpegMissingError', new FfmpegMissingError('no ffmpeg'), 'ffmpeg-missing', undefined],
    ['FfmpegRunError', new FfmpegRunError(['ffmpeg'], 1, null, ''), 'ffmpeg-failed', { exitCode: 1, signal: null }],
    ['CancelledError', new CancelledError(), 'cancelled', undefined],
    ['TimeParseError', new TimeParseError('x', 'ISO'), 'bad-input', { input: 'x', expected: 'ISO' }],
    ['UsageError', new UsageError('m'), 'bad-input', undefined],
    ['DemoTargetError', new DemoTargetError('/d', 'm'), 'bad-input', { dir: '/d' }],
    ['ProjectFileError', new ProjectFileError('p.json', 'm'), 'bad-project', { source: 'p.json', problem: 'm' }],
    ['SegmentNameError', new SegmentNameError('x.ts', 'm'), 'bad-segment-name', { fileName: 'x.ts', reason: 'm' }],
    ['HttpError 404', new HttpError(404, 'm'), 'not-found', undefined],
    ['ApiCallError', new ApiCallError('planExport', { kind: 'holes', message: 'm', details: { holeStart: 'a' } }), 'holes', { holeStart: 'a' }],
    ['a plain Error', new Error('boom'), 'internal', undefined],
    ['a thrown string', 'boom', 'internal', undefined],
  ])('%s', (_name, error, kind, details) => {
    const report = describeError(error);
    expect(report.kind).toBe(kind);
    expect(report.details).toEqual(details);
    expect(report.message).toBe(error instanceof Error ? error.message : String(error));
  });

  it('keeps messages word for word', () => {
    expect(describeError(new HoleError(T0, T0 + 2_000_000, false)).message).toBe('No footage from 2026-11-14T03:00:00.000000Z to 2026-11-14T03:00:02.000000Z');
    expect(describeError(new HoleError(T0, T0 + 2_000_000, false, 'Allow holes.')).message).toBe(
      'No footage from 2026-11-14T03:00:00.000000Z to 2026-11-14T03:00:02.000000Z. Allow holes.',
    );
  });
});

describe('HTTP error replies', () => {
  it.each<[string, unknown, number, string]>([
    [
      'holes',
      new HoleError(T0, T0 + 2_000_000, false, 'Allow holes.'),
      406,
      'No footage from 2026-11-14T03:00:00.000000Z to 2026-11-14T03:00:02.000000Z. Allow holes.',
    ],
    ['a bad edit', new EditSyntaxError('range "x": expected START,END'), 400, 'range "x": expected START,END'],
    [
      'an unreadable archive folder',
      new ArchiveReadError('/home/someone/archive/chan', 'EIO', 'x'),
      500,
      'Failed (archive-unreadable): see the log for details',
    ],
    ['a missing archive', new ArchiveNotFoundError('/home/someone/archive'), 404, 'Failed (archive-missing): see the log for details'],
    [
      'an unexpected error naming a file',
      new Error("ENOENT: no such file or directory, open '/home/someone/x'"),
      500,
      'Internal error: see the log for details',
    ],
    ['a refusal with its own status', new HttpError(405, 'use GET'), 405, 'use GET'],
  ])('%s: the status of its kind and no local path', async (_name, error, status, text) => {
    const response = httpErrorResponse(error);
    expect(response.status).toBe(status);
    expect((await response.text()).trim()).toBe(text);
  });

  it('/cut on an archive that is gone answers 404 without naming the local folder', async () => {
    const root = path.join(os.tmpdir(), 'trimdesk-no-such-archive', 'drive');
    const handler = createProtocolHandler({ archive: new Archive(root), log: () => undefined });
    const response = await handler(new Request('http://127.0.0.1/cut/chan/source.ts?range=2026-11-14T03:00:00Z,2026-11-14T03:00:02Z'));
    expect([response.status, (await response.text()).includes(root)]).toEqual([404, false]);
  });
});
