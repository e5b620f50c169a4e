/**
 * What the fuzzer expects, decided from the mutated bytes themselves (the reference JSON reading
 * in json.ts), never from planguard's model.
 */
import { isObj, own, referenceParse, setOwn, stringifyDeep, type Obj, type Parsed } from './json.js';
import type { SeedKind } from './seeds.js';

// ---------------------------------------------------------------------------------------------
// Deletes and replaces

const PULUMI_SIG = '4dabf18193072939515e22adb298388d';
const PULUMI_SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const PULUMI_OUTPUT_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';

interface RawStep {
  op: string;
  urn: string;
  oldUrn?: string;
  retain: boolean;
}

function pulumiSteps(kind: SeedKind, parsed: Parsed): RawStep[] {
  if (!parsed.ok) return [];
  const raw: { op: unknown; urn: unknown; old: unknown }[] = [];
  if (kind === 'pulumi') {
    if (!parsed.whole || !isObj(parsed.doc)) return [];
    const steps = own(parsed.doc, 'steps');
    if (!Array.isArray(steps)) return [];
    for (const s of steps) if (isObj(s)) raw.push({ op: own(s, 'op'), urn: own(s, 'urn'), old: own(s, 'oldState') });
  } else {
    const events = parsed.whole ? [parsed.doc] : parsed.events;
    for (const e of events) {
      const pre = isObj(e) ? own(e, 'resourcePreEvent') : undefined;
      const md = isObj(pre) ? own(pre, 'metadata') : undefined;
      if (isObj(md)) raw.push({ op: own(md, 'op'), urn: own(md, 'urn'), old: own(md, 'old') });
    }
  }
  const out: RawStep[] = [];
  for (const r of raw) {
    if (typeof r.op !== 'string' || typeof r.urn !== 'string') continue;
    const s: RawStep = { op: r.op, urn: r.urn, retain: isObj(r.old) && own(r.old, 'retainOnDelete') === true };
    const ou = isObj(r.old) ? own(r.old, 'urn') : undefined;
    if (typeof ou === 'string' && ou !== '') s.oldUrn = ou;
    out.push(s);
  }
  return out;
}

/**
 * Addresses the plan still deletes or replaces, read from the document:
 * - Terraform: a `resource_changes[]` entry with a string `address` whose `change.actions` is an
 *   array holding `"delete"` (`["delete"]`, either replace order, and any unknown combination
 *   with a delete in it).
 * - Pulumi (preview steps, `resourcePreEvent`s of an event log): the URN of a `delete` step
 *   (unless its old state has `retainOnDelete`: Pulumi then only forgets it), of a `replace`
 *   step (unless the old object is only discarded: `discard-replaced` without
 *   `delete-replaced`), and of a `delete-replaced` step, except when that URN is the old URN of
 *   an aliased replacement: the replacement is then named by its new URN, as a Terraform
 *   replacement after a `moved` block is named by its new address.
 */
export function destroyedAddresses(kind: SeedKind, parsed: Parsed): string[] {
  const out = new Set<string>();
  if (!parsed.ok) return [];
  if (kind === 'terraform') {
    if (!parsed.whole || !isObj(parsed.doc)) return [];
    const rcs = own(parsed.doc, 'resource_changes');
    if (!Array.isArray(rcs)) return [];
    for (const rc of rcs) {
      if (!isObj(rc)) continue;
      const address = own(rc, 'address');
      const change = own(rc, 'change');
      if (typeof address !== 'string' || !isObj(change)) continue;
      const actions = own(change, 'actions');
      if (Array.isArray(actions) && actions.includes('delete')) out.add(address);
    }
    return [...out];
  }
  const steps = pulumiSteps(kind, parsed);
  const aliasedOld = new Set(steps.filter((s) => s.oldUrn !== undefined && s.oldUrn !== s.urn).map((s) => s.oldUrn!));
  for (const s of steps) {
    if (s.op === 'delete' && !s.retain) out.add(s.urn);
    if (s.op === 'replace') {
      const olds = new Set([s.urn, s.oldUrn ?? s.urn]);
      const discarded = steps.some((t) => t.op === 'discard-replaced' && olds.has(t.urn));
      const deleted = steps.some((t) => t.op === 'delete-replaced' && olds.has(t.urn));
      if (!discarded || deleted) out.add(s.urn);
    }
    if (s.op === 'delete-replaced' && !aliasedOld.has(s.urn)) out.add(s.urn);
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Sensitive values

/** Where a marked string sits: replace it there with `put`. */
export interface Marked {
  value: string;
  put: (v: string) => void;
}

/**
 * Every string value the document marks secret, with where it is:
 * - under `true` in a `before_sensitive` / `after_sensitive` mirror next to `before` / `after`,
 *   and in a `sensitive_values` mirror next to `values` (prior state, planned values); a mirror
 *   only descends into a value of the same kind (object into object, array into array);
 * - the `value` / `default` of an object with `"sensitive": true` (outputs, variables);
 * - Pulumi secrets: the `value` of a secret sigil object and its `plaintext` (the string and the
 *   strings of the JSON in it), the `value` of an output value with `secret: true`, and the
 *   outputs a state lists in `additionalSecretOutputs`.
 * Object keys are never marked (no format marks keys).
 */
export function markedStrings(root: unknown): Marked[] {
  const out: Marked[] = [];
  const all = (v: unknown, put: ((s: string) => void) | undefined): void => {
    const st: { v: unknown; put: ((s: string) => void) | undefined }[] = [{ v, put }];
    while (st.length > 0) {
      const t = st.pop()!;
      if (typeof t.v === 'string') {
        if (t.put) out.push({ value: t.v, put: t.put });
      } else if (Array.isArray(t.v)) {
        const arr = t.v;
        arr.forEach((x, i) => st.push({ v: x, put: (s) => (arr[i] = s) }));
      } else if (isObj(t.v)) {
        const o = t.v;
        for (const k of Object.keys(o)) st.push({ v: o[k], put: (s) => setOwn(o, k, s) });
      }
    }
  };
  const under = (v: unknown, m: unknown, put: (s: string) => void): void => {
    const st: { v: unknown; m: unknown; put: (s: string) => void }[] = [{ v, m, put }];
    while (st.length > 0) {
      const t = st.pop()!;
      if (t.m === true) all(t.v, t.put);
      else if (Array.isArray(t.m) && Array.isArray(t.v)) {
        const arr = t.v;
        const mm = t.m;
        arr.forEach((x, i) => st.push({ v: x, m: mm[i], put: (s) => (arr[i] = s) }));
      } else if (isObj(t.m) && isObj(t.v)) {
        const o = t.v;
        const mm = t.m;
        for (const k of Object.keys(mm)) {
          if (Object.prototype.hasOwnProperty.call(o, k)) st.push({ v: o[k], m: mm[k], put: (s) => setOwn(o, k, s) });
        }
      }
    }
  };
  const st: unknown[] = [root];
  while (st.length > 0) {
    const x = st.pop();
    if (Array.isArray(x)) {
      for (const c of x) if (typeof c === 'object' && c !== null) st.push(c);
      continue;
    }
    if (!isObj(x)) continue;
    const o: Obj = x;
    const slot = (k: string) => (s: string) => setOwn(o, k, s);
    for (const side of ['before', 'after']) {
      const mk = `${side}_sensitive`;
      if (Object.prototype.hasOwnProperty.call(o, mk) && Object.prototype.hasOwnProperty.call(o, side)) under(o[side], o[mk], slot(side));
    }
    if (Object.prototype.hasOwnProperty.call(o, 'sensitive_values') && Object.prototype.hasOwnProperty.call(o, 'values')) under(o.values, o.sensitive_values, slot('values'));
    if (own(o, 'sensitive') === true) for (const k of ['value', 'default']) if (Object.prototype.hasOwnProperty.call(o, k)) all(o[k], slot(k));
    const sig = own(o, PULUMI_SIG);
    if (sig === PULUMI_SECRET_SIG || (sig === PULUMI_OUTPUT_SIG && own(o, 'secret') === true)) {
      if (Object.prototype.hasOwnProperty.call(o, 'value')) all(o.value, slot('value'));
      const pt = own(o, 'plaintext');
      if (typeof pt === 'string') {
        out.push({ value: pt, put: slot('plaintext') });
        try {
          const inner = JSON.parse(pt) as unknown;
          // The strings inside the plaintext's JSON; one is replaced by re-encoding the plaintext.
          const s2: unknown[] = [inner];
          while (s2.length > 0) {
            const y = s2.pop();
            if (typeof y === 'string') {
              out.push({
                value: y,
                put: (rep) => {
                  const cur = own(o, 'plaintext');
                  if (typeof cur === 'string') setOwn(o, 'plaintext', cur.split(JSON.stringify(y).slice(1, -1)).join(rep));
                },
              });
            } else if (typeof y === 'object' && y !== null) for (const c of Object.values(y)) s2.push(c);
          }
        } catch {
          // not JSON: the string itself is the secret
        }
      }
    }
    const aso = own(o, 'additionalSecretOutputs');
    const outputs = own(o, 'outputs');
    if (Array.isArray(aso) && isObj(outputs)) {
      for (const name of aso) if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(outputs, name)) all(outputs[name], (s) => setOwn(outputs, name, s));
    }
    for (const k of Object.keys(o)) {
      const c = o[k];
      if (typeof c === 'object' && c !== null) st.push(c);
    }
  }
  return out;
}

/** The shortest marked value the fuzzer looks for in outputs (planguard scrubs copies from this length on). */
export const MIN_SECRET_LENGTH = 6;

/** The distinct marked values long enough to look for. */
export function secretsOf(parsed: Parsed): Set<string> {
  if (!parsed.ok) return new Set();
  const roots = parsed.whole ? [parsed.doc] : parsed.events;
  const out = new Set<string>();
  for (const r of roots) for (const m of markedStrings(r)) if (m.value.length >= MIN_SECRET_LENGTH) out.add(m.value);
  return out;
}

/**
 * The same bytes with every marked occurrence of `secret` (and only those) replaced by `canary`,
 * written out again (one document, or one event a line).
 */
export function withCanary(bytes: Uint8Array, secret: string, canary: string): Buffer | undefined {
  const parsed = referenceParse(bytes);
  if (!parsed.ok) return undefined;
  const roots = parsed.whole ? [parsed.doc] : parsed.events;
  for (const r of roots) for (const m of markedStrings(r)) if (m.value === secret) m.put(canary);
  return Buffer.from(parsed.whole ? stringifyDeep(parsed.doc) : `${parsed.events.map((e) => stringifyDeep(e)).join('\n')}\n`, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Looking for a value in an output

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, d: string) => safeFromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => safeFromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeFromCodePoint(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

function jsonUnescape(s: string): string {
  return s.replace(/\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
    switch (e[0]) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

function jsonStrings(s: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(s);
  } catch {
    return undefined;
  }
  const parts: string[] = [];
  const st: unknown[] = [doc];
  while (st.length > 0) {
    const x = st.pop();
    if (typeof x === 'string') parts.push(x);
    else if (Array.isArray(x)) st.push(...x);
    else if (isObj(x)) for (const k of Object.keys(x)) parts.push(k), st.push(x[k]);
  }
  return parts.join('\u0000');
}

/**
 * The output as written, and decoded the ways planguard encodes text: Markdown backslash escapes,
 * HTML entities and the zero-width spaces that defuse mentions; terminal `\u{…}` escapes and
 * JSON string escapes; GitHub workflow-command percent-encoding; the strings of a JSON output.
 */
export function views(output: string): string[] {
  const md = decodeEntities(output.replace(/\\([!-/:-@[-`{-~])/g, '$1')).replace(/\u200b/g, '');
  const term = jsonUnescape(output.replace(/\\u\{([0-9a-f]+)\}/gi, (_m, h: string) => safeFromCodePoint(parseInt(h, 16))));
  const pct = output.replace(/%(25|0D|0A|3A|2C)/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const out = [output, md, term, pct];
  const js = jsonStrings(output);
  if (js !== undefined) out.push(js);
  return out;
}

export function contains(views: readonly string[], value: string): boolean {
  return views.some((v) => v.includes(value));
}
