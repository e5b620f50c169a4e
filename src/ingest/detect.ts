/**
 * Sniff what a file is before parsing it: never guess silently. Anything that is not a plan
 * planguard reads gets an InputError that says what it is and what to give instead.
 */
import { InputError } from '../errors.js';
import { PLAN_KEYS } from './terraform.js';
import { isEngineEvent, jsonValueEnd } from './pulumi-events.js';

export type InputKind = 'terraform-json' | 'pulumi-preview' | 'pulumi-events' | 'binary-plan';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const TEXT_PLAN_MARKERS = [
  'Terraform will perform the following actions',
  'OpenTofu will perform the following actions',
  'Terraform used the selected providers',
  'OpenTofu used the selected providers',
  'No changes. Your infrastructure matches the configuration',
  'Refreshing state...',
  'Plan: ',
  'Note: Objects have changed outside of Terraform',
];

/** Classify by the first bytes: zip, text, JSON lines or a JSON document. */
export function sniffBytes(file: string, head: Buffer): 'binary-plan' | 'json' | 'jsonl' {
  let i = 0;
  // UTF-8 byte order mark
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (i >= head.length) throw new InputError(file, 'the file is empty');
  if (ZIP_MAGIC.every((b, k) => head[k] === b)) return 'binary-plan';
  const first = head[i];
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    if (first === 0x7b && looksLikeJsonLines(head.subarray(i))) return 'jsonl';
    return 'json';
  }
  const text = head.subarray(0, 64 * 1024).toString('utf8');
  if (TEXT_PLAN_MARKERS.some((m) => text.includes(m)) || /^\s*[#~+-]\s/m.test(text)) {
    throw new InputError(
      file,
      'this is the text output of `terraform plan`, not plan JSON',
      'save the plan with `terraform plan -out=plan.out` and give planguard `terraform show -json plan.out`',
    );
  }
  if (head.includes(0)) throw new InputError(file, 'this is a binary file, not a plan (neither plan JSON nor a saved plan file)');
  // A JSON scalar (`42`, `"text"`, `null`, `true`) is JSON, just not a plan object: say so.
  let scalar: { value: unknown } | undefined;
  try {
    scalar = { value: JSON.parse(head.subarray(i).toString('utf8')) as unknown };
  } catch {
    scalar = undefined;
  }
  if (scalar) classifyDocument(file, scalar.value);
  throw new InputError(file, 'not JSON: expected a plan from `terraform show -json` or `pulumi preview --json`');
}

/**
 * Pulumi event logs are a stream of JSON objects (one a line, or pretty-printed one after
 * another); a plan document is one value spanning the whole file. Looks at the first value only.
 */
function looksLikeJsonLines(buf: Buffer): boolean {
  // Terraform writes `format_version` first (Go's struct order): a plan, without walking its
  // first value byte by byte (which, for a one-line plan, is the whole head: ~9 ms at start-up).
  if (/^\{\s*"format_version"\s*:/.test(buf.subarray(0, 64).toString('latin1'))) return false;
  const end = jsonValueEnd(buf, 0);
  if (end < 0) return false;
  try {
    return isEngineEvent(JSON.parse(buf.subarray(0, end).toString('utf8')) as unknown);
  } catch {
    return false;
  }
}

/**
 * The top-level keys `pulumi preview --json` writes (Go marshals them in this order, so the first
 * key of a digest is one of them; `jq -S` puts `changeSummary` first). No Terraform plan starts
 * with any of them.
 */
const PULUMI_DIGEST_KEYS: ReadonlySet<string> = new Set(['config', 'steps', 'diagnostics', 'duration', 'changeSummary', 'maybeCorrupt']);

/** Does the document start like a Pulumi preview digest (judged from its first key)? */
export function looksLikePulumiDigest(head: Buffer): boolean {
  const m = /^(?:\xef\xbb\xbf)?\s*\{\s*"([A-Za-z]+)"\s*:/.exec(head.subarray(0, 256).toString('latin1'));
  return m !== null && PULUMI_DIGEST_KEYS.has(m[1]!);
}

/** Classify a parsed JSON document. */
export function classifyDocument(file: string, doc: unknown): 'terraform-json' | 'pulumi-preview' {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    const what = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : `a ${typeof doc}`;
    throw new InputError(file, `the JSON is ${what}, not a plan object`);
  }
  const o = doc as Record<string, unknown>;
  if ('lineage' in o && 'serial' in o && ('resources' in o || 'modules' in o)) {
    throw new InputError(
      file,
      'this is a Terraform state file, not a plan',
      'give planguard `terraform show -json plan.out` of a saved plan',
    );
  }
  if ('format_version' in o && PLAN_KEYS.some((k) => k in o)) return 'terraform-json';
  if ('steps' in o || 'changeSummary' in o) return 'pulumi-preview';
  if ('format_version' in o && 'values' in o) {
    throw new InputError(
      file,
      'this is `terraform show -json` of the state, not of a plan',
      'run `terraform plan -out=plan.out` and then `terraform show -json plan.out`',
    );
  }
  if ('format_version' in o) {
    throw new InputError(file, 'a Terraform JSON document with no plan in it (no resource_changes, planned_values or prior_state)');
  }
  const keys = Object.keys(o).slice(0, 5).map(displayKey);
  throw new InputError(
    file,
    `not a Terraform plan or Pulumi preview (top-level keys: ${keys.length ? keys.join(', ') : 'none'})`,
  );
}

/**
 * A member name as the one-line error shows it: plain names as they are; any other (line breaks,
 * control or invisible characters, very long) quoted, cut and escaped to printable ASCII, so a
 * name from the file can never break the line or write to the terminal.
 */
function displayKey(k: string): string {
  if (/^[A-Za-z0-9_.:@/-]{1,64}$/.test(k)) return k;
  const cut = k.length > 64 ? `${k.slice(0, 64)}…` : k;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
