/** Types of scripts/build-if-stale.cjs (plain JS: bin/trimdesk.js runs it before any build exists). */
export interface BuildTarget {
  label: string;
  outDir: string;
  config: string;
  sources: string[];
}
export declare const CLI_BUILD: BuildTarget;
export declare const RENDERER_BUILD: BuildTarget;
export declare function isStale(target: BuildTarget): boolean;
export declare function ensureBuilt(target: BuildTarget, log?: (line: string) => void): boolean;
