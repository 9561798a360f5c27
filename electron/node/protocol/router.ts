/**
 * Route patterns like `/playlist/:channel/:quality.m3u8`: literal parts, and parameters
 * with an optional literal suffix. Parameters are percent-decoded and checked by the
 * path guard before any route sees them, so a route never handles a raw component.
 */
import { decodeComponent } from './path-guard';

export type Params = Record<string, string>;

interface Part {
  literal?: string;
  param?: string;
  suffix: string;
}

export interface CompiledPattern {
  pattern: string;
  parts: Part[];
}

export function compilePattern(pattern: string): CompiledPattern {
  const parts = pattern
    .split('/')
    .slice(1)
    .map((text): Part => {
      if (!text.startsWith(':')) return { literal: text, suffix: '' };
      const dot = text.indexOf('.');
      return dot < 0 ? { param: text.slice(1), suffix: '' } : { param: text.slice(1, dot), suffix: text.slice(dot) };
    });
  return { pattern, parts };
}

/** True when `pathname` has the pattern's parts (literals equal, parameters with their suffix), before any decoding. */
export function hasShape(compiled: CompiledPattern, pathname: string): boolean {
  const raw = pathname.split('/').slice(1);
  if (raw.length !== compiled.parts.length) return false;
  return compiled.parts.every((part, index) => {
    const component = raw[index]!;
    if (part.literal !== undefined) return component === part.literal;
    return component.endsWith(part.suffix) && component.length > part.suffix.length;
  });
}

/**
 * Params when `pathname` (still percent-encoded) matches, else undefined. Throws
 * HttpError (400/403) when it matches in shape but a component is malformed or hostile.
 */
export function matchPattern(compiled: CompiledPattern, pathname: string): Params | undefined {
  if (!hasShape(compiled, pathname)) return undefined;
  const raw = pathname.split('/').slice(1);
  const params: Params = {};
  compiled.parts.forEach((part, index) => {
    if (part.param === undefined) return;
    const component = raw[index]!;
    params[part.param] = decodeComponent(component.slice(0, component.length - part.suffix.length), part.param);
  });
  return params;
}
