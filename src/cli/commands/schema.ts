/** `parity schema`: the JSON Schema of parity.yaml, generated from the zod schema. */
import { configJsonSchema } from '../../config/schema.js';
import type { Io } from '../io.js';

export function runSchema(io: Io): Promise<number> {
  io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return Promise.resolve(0);
}
