/**
 * The shape of an API method: zod schemas for its input and output. Every binding
 * (ipcMain handlers, the preload object, browser-mode HTTP routes, the renderer client)
 * is generated from the one table in shared/api/index.ts, never written by hand.
 */
import type { z } from 'zod';
import { TrimdeskError, type ErrorReport } from '../errors';
import { fieldPath } from '../field-path';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
}

export type MethodTable = Record<string, MethodSpec>;

/** A method's input as code holds it: instants in integer microseconds (the codecs' decoded side). */
export type InputOf<M extends MethodSpec> = z.output<M['input']>;
export type OutputOf<M extends MethodSpec> = z.output<M['output']>;

/** What the main process implements: one async function per method, given the decoded input. */
export type Handlers<T extends MethodTable> = {
  [K in keyof T]: (input: InputOf<T[K]>) => Promise<OutputOf<T[K]>>;
};

/** What the renderer calls: the same functions and types; the client encodes for the wire. */
export type Client<T extends MethodTable> = {
  [K in keyof T]: (input: InputOf<T[K]>) => Promise<OutputOf<T[K]>>;
};

/**
 * An error as it crosses a process or HTTP boundary: a stable `kind` (shared/errors.ts)
 * the UI can branch on, a message a person can act on, and optional facts (paths,
 * instants, fields).
 */
export type ApiErrorBody = ErrorReport;

/** Envelope of every reply: IPC and HTTP alike. */
export type ApiReply<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

/** Thrown by a client when a call fails; carries the main process's error kind, message and facts. */
export class ApiCallError extends TrimdeskError {
  constructor(
    readonly method: string,
    body: ApiErrorBody,
  ) {
    super(body.kind, body.message, body.details);
    this.name = 'ApiCallError';
  }
}

/** The IPC channel name of a method. */
export function ipcChannel(method: string): string {
  return `trimdesk:${method}`;
}

/** The browser-mode HTTP path of a method (POST, JSON body). */
export function httpPath(method: string): string {
  return `/api/${method}`;
}

/** A transport sends one call and returns its reply envelope. */
export type Transport = (method: string, input: unknown) => Promise<ApiReply<unknown>>;

/** `planExport: ranges[0].start: Cannot read time ...`: a bad-input error naming each field. */
export function inputError(method: string, error: z.ZodError): ApiErrorBody {
  const problems = error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  const text = problems.map((problem) => (problem.field === '' ? problem.message : `${problem.field}: ${problem.message}`)).join('; ');
  return { kind: 'bad-input', message: `${method}: ${text}`, details: { problems } };
}

/**
 * Builds a client object with one function per method of the table. Each call encodes
 * its input to the wire form (JSON, ISO instants) with the method's schema; a value the
 * schema refuses fails here, as a bad-input ApiCallError, without a round trip.
 */
export function createClient<T extends MethodTable>(table: T, transport: Transport): Client<T> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [method, spec] of Object.entries(table)) {
    client[method] = async (input: unknown) => {
      const wire = spec.input.safeEncode(input ?? {});
      if (!wire.success) throw new ApiCallError(method, inputError(method, wire.error));
      const reply = await transport(method, wire.data);
      if (!reply.ok) throw new ApiCallError(method, reply.error);
      return reply.result;
    };
  }
  return client as Client<T>;
}
