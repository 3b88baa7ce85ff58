/**
 * Writes app/report/report-schema.json, the published JSON Schema of the diagnostic report,
 * from the zod definition in app/report/schema.ts. Run: npx tsx scripts/generate-report-schema.ts
 * (tests/report/report-schema.test.ts fails when the committed file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../app/report/schema';

const target = new URL('../app/report/report-schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
