/**
 * The zod form of messages, for the schemas that carry them (the diagnosis, the report). Apart from
 * ./index so the renderer, which imports the catalogs, does not take zod with them.
 */
import { z } from 'zod';
import type { MessageRef } from './message';

export const messageRefSchema: z.ZodType<MessageRef> = z.lazy(() =>
  z.object({ id: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), messageRefSchema])).optional() }),
);

/** The message behind each sentence field of an object, by field name; absent in reports written before messages existed. */
export const fieldMessagesSchema = z.record(z.string(), messageRefSchema).optional();
