/**
 * zod compiles fast parsers with eval (`new Function`) unless told not to, and probes
 * for eval as soon as an object schema is built. The editor window's CSP forbids eval,
 * so the probe would be refused and reported as a violation. This must run before any
 * schema is built: shared/api/index.ts imports it first.
 */
import { z } from 'zod';

z.config({ jitless: true });
