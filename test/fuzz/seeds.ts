/**
 * The fuzzer's seeds: every real plan in fixtures/ (Terraform plans, the plan corpus, Pulumi
 * previews and engine event logs), read once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/plans.js';
import { splitStream } from './json.js';

export type SeedKind = 'terraform' | 'pulumi' | 'pulumi-events';

export interface Seed {
  /** Path relative to the repository root. */
  name: string;
  kind: SeedKind;
  text: string;
  /** Indentation of the original (0: one line), kept when the mutated document is written. */
  indent: number;
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir))
    .filter(keep)
    .sort()
    .map((n) => `${dir}/${n}`);
}

function subdirFiles(dir: string, file: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${dir}/${d.name}/${file}`)
    .filter((p) => {
      try {
        readFileSync(join(ROOT, p));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

function indentOf(text: string): number {
  const m = /^[{[]\r?\n( +)/.exec(text.replace(/^\ufeff/, ''));
  return m ? m[1]!.length : 0;
}

let cache: Seed[] | undefined;

export function loadSeeds(): Seed[] {
  if (cache) return cache;
  const paths: { p: string; kind: SeedKind }[] = [
    ...subdirFiles('fixtures/terraform', 'plan.json').map((p) => ({ p, kind: 'terraform' as const })),
    ...files('fixtures/corpus/terraform', (n) => n.endsWith('.json')).map((p) => ({ p, kind: 'terraform' as const })),
    ...subdirFiles('fixtures/pulumi', 'preview.json').map((p) => ({ p, kind: 'pulumi' as const })),
    ...files('fixtures/corpus/pulumi', (n) => n.endsWith('.json')).map((p) => ({ p, kind: 'pulumi' as const })),
    ...files('fixtures/corpus/pulumi', (n) => n.endsWith('.jsonl')).map((p) => ({ p, kind: 'pulumi-events' as const })),
  ];
  cache = paths.map(({ p, kind }) => {
    const text = readFileSync(join(ROOT, p), 'utf8');
    // Event logs are either one event a line or pretty-printed events one after another.
    const indent = kind === 'pulumi-events' ? (/^\{\r?\n( +)/.exec(text)?.[1]?.length ?? 0) : indentOf(text);
    return { name: p, kind, text, indent };
  });
  return cache;
}

/** A fresh parse of a seed: the document, or for an event log the array of events. */
export function parseSeed(seed: Seed): unknown {
  if (seed.kind === 'pulumi-events') {
    const events = splitStream(seed.text);
    if (!events) throw new Error(`seed ${seed.name} is not a JSON stream`);
    return events;
  }
  return JSON.parse(seed.text.replace(/^\ufeff/, '')) as unknown;
}
