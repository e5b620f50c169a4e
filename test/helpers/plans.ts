import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPlan } from '../../src/ingest/index.js';
import { planFromDocument } from '../../src/ingest/index.js';
import type { Plan } from '../../src/model/types.js';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');

export function fixturePath(rel: string): string {
  return join(ROOT, rel);
}

/** Read a fixture (path relative to the repository root) through the real ingest. */
export function loadPlan(rel: string): Plan {
  return readPlan(fixturePath(rel));
}

export function readJson(rel: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fixturePath(rel), 'utf8')) as Record<string, unknown>;
}

/** A plan from a JSON document built in a test (a copy of a real plan, modified). */
export function planFromJson(doc: unknown, file = 'test.json'): Plan {
  return planFromDocument(file, doc);
}
