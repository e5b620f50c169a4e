/**
 * Mutations of real plans. A fuzz case is a seed (one real plan from fixtures/) and one to three
 * mutations; each mutation is a kind and three numbers that choose where and what, so fast-check
 * shrinks a failing case to the fewest, simplest mutations and `--seed S --path P` replays it.
 *
 * Tree mutations change the parsed document, which is then written out (deep nesting is spliced
 * into the text, never built as a tree); byte mutations (truncate, garbage) change the written
 * bytes.
 */
import fc from 'fast-check';
import { clone, getSlot, isObj, own, putSlot, setOwn, slots, type Obj, type Slot } from './json.js';
import { parseSeed, type Seed } from './seeds.js';

export const TREE_KINDS = [
  'drop-field',
  'change-type',
  'unknown-action',
  'unknown-reason',
  'huge-string',
  'odd-string',
  'proto-key',
  'duplicate-address',
  'deep-nesting',
  'swap-container',
  'number-as-string',
  'mark-sensitive',
] as const;
export const BYTE_KINDS = ['truncate', 'garbage'] as const;
export const KINDS = [...TREE_KINDS, ...BYTE_KINDS] as const;
export type Kind = (typeof KINDS)[number];

export interface Mutation {
  kind: Kind;
  /** Choosers: which place, which variant, which value. */
  a: number;
  b: number;
  c: number;
}

export interface FuzzCase {
  /** Index into the seed list. */
  seed: number;
  mutations: Mutation[];
  /** Chooses the protected address among those the mutated plan still deletes or replaces. */
  pick: number;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
});

export function caseArb(seedCount: number): fc.Arbitrary<FuzzCase> {
  return fc.record({
    seed: fc.nat({ max: seedCount - 1 }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    pick: fc.nat(),
  });
}

// ---------------------------------------------------------------------------------------------
// Values the mutations use

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPE_VALUES: unknown[] = [null, true, false, 0, -1, 3.5, 1e308, '', 'x', 'delete', [], {}, [null], ['delete'], { '': null }, 9007199254740993, '0'];

export const TF_ACTIONS: string[][] = [
  ['explode'],
  ['delete', 'explode'],
  ['Delete'],
  ['DELETE', 'CREATE'],
  ['delete', 'delete'],
  ['create', 'delete', 'create'],
  ['delete', 'create', 'update'],
  [],
  ['no-op', 'delete'],
  ['forget', 'delete'],
  ['delete', 'forget'],
  ['create', 'forget'],
  ['read', 'delete'],
  [''],
  ['delete '],
  ['delete'],
  ['delete', 'create'],
  ['create', 'delete'],
  ['forget'],
  ['update', 'delete'],
  ['create', 'create'],
  ['__proto__'],
];

export const PULUMI_OPS = [
  'explode',
  'Delete',
  'DELETE',
  'delete ',
  '',
  'delete',
  'replace',
  'delete-replaced',
  'create-replacement',
  'discard',
  'discard-replaced',
  'read-replacement',
  'import-replacement',
  'remove-pending-replace',
  'refresh',
  'same',
  'update',
  'create',
  'read',
  'import',
  'delete-replaced-v2',
  'replace\u0000',
  'constructor',
];

const REASONS: unknown[] = [
  'replace_because_quantum',
  'delete_because_reasons',
  '',
  'REPLACE_BECAUSE_CANNOT_UPDATE',
  'replace_because_cannot_update\n',
  'replace_because_tainted',
  'replace_by_request',
  'replace_by_triggers',
  'delete_because_no_resource_config',
  'delete_because_count_index',
  'delete_because_each_key',
  'delete_because_no_move_target',
  'read_because_config_unknown',
  '__proto__',
  '\u202ereason',
  'x'.repeat(5000),
];

const REPLACE_PATHS: unknown[] = [
  [['a', 0, 'b']],
  [[]],
  [['__proto__']],
  [[{ x: 1 }]],
  [[null]],
  ['notalist'],
  [['tags', '\u0000']],
  [[-1, 1e308, 'x'.repeat(300)]],
  [['constructor', 'prototype']],
];

const PULUMI_REASONS: unknown[] = [
  ['a.b[0]["c.d"]'],
  ['['],
  ['["'],
  ['[0'],
  ['__proto__'],
  ['constructor.prototype'],
  [''],
  ['a..b'],
  [1, null, {}],
  'notalist',
];

const ODD: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u202egnirts\u202c',
  '\u2067rtl\u2069',
  'שלום עולם',
  'مرحبا بالعالم',
  '\u200f\u200e',
  '\u200b',
  '\ufeffbom',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '\r\n',
  '\r',
  '\n    at Object.<anonymous> (/x.js:1:1)',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007',
  '\u0007\u0008\u007f\u0085',
  '</details><img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '@octocat @org/team',
  '#1 GH-2',
  '```',
  '`',
  '| a | b |',
  '[x](javascript:alert(1))',
  '::error::injected',
  '%0A::warning::x',
  '${{ secrets.TOKEN }}',
  '\\',
  '"',
  "'",
  '\u2028\u2029',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  '-0',
  '1e999',
  'null',
  'true',
  '*',
  '**',
  '[*]',
  'aws_db_instance.main',
  'module.',
  '.',
  '[',
  '["',
  'urn:pulumi:',
  'urn:pulumi:a::b::c::d',
  '\uffff\ufffe',
  '\u{10ffff}',
  'x'.repeat(300),
];

const ODD_POOL = [
  ...'\u0000\u0001\u001b\u0007\u007f\u0085\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\ufffd',
  '\ud800',
  '\udfff',
  '\n',
  '\r',
  '\t',
  ...'<>&"\'`*_[]()#@!|\\/:,.%{}$~-+=',
  ...'aZ09',
  'é',
  'ß',
  'Ω',
  'ж',
  'ש',
  'ع',
  '中',
  '😀',
  '\u0301',
];

/** An odd string: one of the table, or one built from odd characters. */
export function oddString(c: number): string {
  const i = c % (ODD.length + 1);
  if (i < ODD.length) return ODD[i]!;
  const r = prng(c);
  const n = 1 + Math.floor(r() * 64);
  let s = '';
  for (let k = 0; k < n; k++) s += ODD_POOL[Math.floor(r() * ODD_POOL.length)];
  return s;
}

export const HUGE = 1 << 20;

/** A 1 MB string (in UTF-16 code units). */
export function hugeString(c: number): string {
  switch (c % 6) {
    case 0:
      return 'a'.repeat(HUGE);
    case 1:
      return 'é'.repeat(HUGE);
    case 2:
      return '😀'.repeat(HUGE / 2);
    case 3:
      return 'line\n'.repeat(HUGE / 5);
    case 4:
      return `{"k":"${'v'.repeat(HUGE - 8)}"}`;
    default: {
      const r = prng(c);
      const chars = 'abc "\\/<>&*_`@#\u0000\u001b\u202e';
      let s = '';
      const unit = Array.from({ length: 4096 }, () => chars[Math.floor(r() * chars.length)]).join('');
      while (s.length < HUGE) s += unit;
      return s;
    }
  }
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

function protoValue(i: number): unknown {
  const polluting = (): Obj => {
    const o: Obj = {};
    setOwn(o, 'polluted', 'yes-fuzz');
    return o;
  };
  switch (i % 8) {
    case 0:
      return polluting();
    case 1:
      return {};
    case 2:
      return [];
    case 3:
      return 'x';
    case 4:
      return null;
    case 5: {
      const o: Obj = {};
      setOwn(o, '__proto__', polluting());
      return o;
    }
    case 6:
      return { prototype: polluting() };
    default:
      return { constructor: { prototype: polluting() } };
  }
}

const GARBAGE: Buffer[] = ['}', ']', ',', ':', '"', '\\', '{', '[', '\u0000', 'nul', 'tru', 'NaN', '1e', '\u0001', '\t', '/*c*/', '\ufeff', "'", '-', '.']
  .map((s) => Buffer.from(s, 'utf8'))
  .concat([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80])]);

const STRUCTURAL = new Set([0x3a, 0x2c, 0x22, 0x7b, 0x7d, 0x5b, 0x5d]);

// ---------------------------------------------------------------------------------------------
// Applying mutations

export interface Built {
  bytes: Buffer;
  /** One line per applied mutation, for reports. */
  applied: string[];
}

interface Ctx {
  seed: Seed;
  doc: unknown;
  splices: Map<string, string>;
  nonce: string;
}

function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v.length > 80 ? `${v.slice(0, 60)}…(${v.length} chars)` : v);
  else s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 100)}…` : s;
}

function where(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `.${p}` : `[${show(p)}]`)).join('').replace(/^\./, '') || '(root)';
}

function isHot(kind: Seed['kind'], path: (string | number)[]): boolean {
  if (kind === 'terraform') return path[0] === 'resource_changes';
  if (kind === 'pulumi') return path[0] === 'steps';
  return path[1] === 'resourcePreEvent';
}

/** A slot: 3 in 4 from the hot region (resource changes, steps) when it has one. */
function chooseSlot(ctx: Ctx, sel: number, filter: (s: Slot) => boolean): Slot | undefined {
  const all = slots(ctx.doc).filter(filter);
  if (all.length === 0) return undefined;
  const hot = sel % 4 !== 0 ? all.filter((s) => isHot(ctx.seed.kind, s.path)) : [];
  const pool = hot.length > 0 ? hot : all;
  return pool[Math.floor(sel / 4) % pool.length];
}

interface Entry {
  /** The change / step object. */
  obj: Obj;
  /** The array that holds it (resource_changes, steps, the events). */
  list: unknown[];
  index: number;
  /** The element of `list` (for events: the whole event). */
  element: unknown;
}

/** The resource changes, steps or resource events of the document. */
function entries(ctx: Ctx): Entry[] {
  const out: Entry[] = [];
  if (ctx.seed.kind === 'pulumi-events') {
    const events = ctx.doc as unknown[];
    events.forEach((e, index) => {
      if (isObj(e) && isObj(own(e, 'resourcePreEvent'))) {
        const md = own(own(e, 'resourcePreEvent') as Obj, 'metadata');
        if (isObj(md)) out.push({ obj: md, list: events, index, element: e });
      }
    });
    return out;
  }
  if (!isObj(ctx.doc)) return out;
  const list = own(ctx.doc, ctx.seed.kind === 'terraform' ? 'resource_changes' : 'steps');
  if (!Array.isArray(list)) return out;
  list.forEach((e, index) => {
    if (isObj(e)) out.push({ obj: e, list, index, element: e });
  });
  return out;
}

const ADDRESS_KEY = { terraform: 'address', pulumi: 'urn', 'pulumi-events': 'urn' } as const;

function newEntry(ctx: Ctx): Entry | undefined {
  if (ctx.seed.kind !== 'terraform' || !isObj(ctx.doc)) return undefined;
  let list = own(ctx.doc, 'resource_changes');
  if (!Array.isArray(list)) {
    list = [];
    setOwn(ctx.doc, 'resource_changes', list);
  }
  const obj: Obj = {
    address: 'null_resource.fuzz',
    mode: 'managed',
    type: 'null_resource',
    name: 'fuzz',
    provider_name: 'registry.terraform.io/hashicorp/null',
    change: { actions: ['no-op'], before: {}, after: {}, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
  (list as unknown[]).push(obj);
  return { obj, list: list as unknown[], index: (list as unknown[]).length - 1, element: obj };
}

function setActions(ctx: Ctx, e: Entry, actions: string[]): void {
  if (ctx.seed.kind === 'terraform') {
    let change = own(e.obj, 'change');
    if (!isObj(change)) {
      change = {};
      setOwn(e.obj, 'change', change);
    }
    setOwn(change as Obj, 'actions', [...actions]);
  } else {
    setOwn(e.obj, 'op', actions.join(','));
  }
}

function renameKey(parent: Obj, from: string, to: string): void {
  const keys = Object.keys(parent);
  const vals = keys.map((k) => parent[k]);
  for (const k of keys) delete parent[k];
  keys.forEach((k, i) => {
    if (k === to && k !== from) return;
    setOwn(parent, k === from ? to : k, vals[i]);
  });
}

function deepText(depth: number, b: number): string {
  const leaf = ['"deep"', '1', '{"password":"fuzz-deep-secret-value"}', 'null'][Math.floor(b / 3) % 4]!;
  switch (b % 3) {
    case 0:
      return '['.repeat(depth) + leaf + ']'.repeat(depth);
    case 1:
      return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
    default: {
      const open: string[] = [];
      const close: string[] = [];
      for (let i = 0; i < depth; i++) {
        if (i % 2 === 0) {
          open.push('[');
          close.push(']');
        } else {
          open.push('{"k":');
          close.push('}');
        }
      }
      return open.join('') + leaf + close.reverse().join('');
    }
  }
}

/** A secret token nobody else writes. */
function secretToken(a: number, c: number): string {
  const base = `fz${a.toString(36)}Sekret${c.toString(36)}Q`;
  return c % 5 === 0 ? `${base}_*<b>@x\`|` : base;
}

const PULUMI_SIG = '4dabf18193072939515e22adb298388d';
const PULUMI_SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const PULUMI_OUTPUT_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';

/** Set `true` in a sensitivity mirror at `path`, creating the mirror's containers as needed. */
function markPath(change: Obj, side: 'before' | 'after', path: (string | number)[]): void {
  const key = `${side}_sensitive`;
  let mirror = own(change, key);
  if (path.length === 0) {
    setOwn(change, key, true);
    return;
  }
  const value = own(change, side);
  const containerFor = (v: unknown): Obj | unknown[] => (Array.isArray(v) ? (new Array(v.length).fill(false) as unknown[]) : {});
  if (mirror === true) return;
  if (typeof mirror !== 'object' || mirror === null || Array.isArray(mirror) !== Array.isArray(value)) {
    mirror = containerFor(value);
    setOwn(change, key, mirror);
  }
  let m = mirror as Obj | unknown[];
  let v: unknown = value;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    v = Array.isArray(v) ? v[step as number] : isObj(v) ? own(v, step as string) : undefined;
    if (i === path.length - 1) {
      if (Array.isArray(m)) m[step as number] = true;
      else setOwn(m, step as string, true);
      return;
    }
    let next = Array.isArray(m) ? m[step as number] : own(m, step as string);
    if (next === true) return;
    if (typeof next !== 'object' || next === null || Array.isArray(next) !== Array.isArray(v)) {
      next = containerFor(v);
      if (Array.isArray(m)) m[step as number] = next;
      else setOwn(m, step as string, next);
    }
    m = next as Obj | unknown[];
  }
}

function applyTree(ctx: Ctx, m: Mutation): string {
  const { a, b, c } = m;
  const kind = ctx.seed.kind;
  switch (m.kind) {
    case 'drop-field': {
      if (c % 5 === 0) {
        const s = chooseSlot(ctx, a, (x) => Array.isArray(x.parent));
        if (!s) return 'drop-field: nothing to drop';
        (s.parent as unknown[]).splice(s.key as number, 1);
        return `drop-field: removed element ${where(s.path)}`;
      }
      const s = chooseSlot(ctx, a, (x) => !Array.isArray(x.parent));
      if (!s) return 'drop-field: nothing to drop';
      delete (s.parent as Obj)[s.key as string];
      return `drop-field: removed ${where(s.path)}`;
    }
    case 'change-type': {
      const s = chooseSlot(ctx, a, () => true);
      if (!s) return 'change-type: no place';
      const old = getSlot(s);
      const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
      let k = c % TYPE_VALUES.length;
      while (typeOf(TYPE_VALUES[k]) === typeOf(old)) k = (k + 1) % TYPE_VALUES.length;
      const v = clone(TYPE_VALUES[k]);
      putSlot(s, v);
      return `change-type: ${where(s.path)} = ${show(v)}`;
    }
    case 'unknown-action': {
      const list = entries(ctx);
      const e = list.length > 0 ? list[a % list.length] : newEntry(ctx);
      if (!e) return 'unknown-action: no change to alter';
      if (kind === 'terraform') {
        const actions = TF_ACTIONS[c % TF_ACTIONS.length]!;
        setActions(ctx, e, actions);
        return `unknown-action: resource_changes[${e.index}].change.actions = ${show(actions)}`;
      }
      const op = PULUMI_OPS[c % PULUMI_OPS.length]!;
      setOwn(e.obj, 'op', op);
      return `unknown-action: ${kind === 'pulumi' ? `steps[${e.index}]` : `event ${e.index}`}.op = ${show(op)}`;
    }
    case 'unknown-reason': {
      const list = entries(ctx);
      if (list.length === 0) return 'unknown-reason: no change';
      const e = list[a % list.length]!;
      const out: string[] = [];
      if (kind === 'terraform') {
        if (b % 3 !== 1) {
          const r = REASONS[c % REASONS.length];
          setOwn(e.obj, 'action_reason', r);
          out.push(`action_reason = ${show(r)}`);
        }
        if (b % 3 !== 0) {
          let change = own(e.obj, 'change');
          if (!isObj(change)) setOwn(e.obj, 'change', (change = {}));
          const p = clone(REPLACE_PATHS[c % REPLACE_PATHS.length]);
          setOwn(change as Obj, 'replace_paths', p);
          out.push(`change.replace_paths = ${show(p)}`);
        }
        return `unknown-reason: resource_changes[${e.index}] ${out.join(', ')}`;
      }
      const r = clone(PULUMI_REASONS[c % PULUMI_REASONS.length]);
      const reasonsKey = kind === 'pulumi' ? ['replaceReasons', 'diffReasons'] : ['keys', 'diffs'];
      setOwn(e.obj, reasonsKey[b % 2]!, r);
      const dd: Obj = {};
      setOwn(dd, String(oddString(c)), kind === 'pulumi' ? { kind: 'explode-replace', inputDiff: 1 } : { diffKind: 'explode-replace', inputDiff: true });
      if (b % 3 === 2) setOwn(e.obj, 'detailedDiff', dd);
      return `unknown-reason: step ${e.index} ${reasonsKey[b % 2]} = ${show(r)}${b % 3 === 2 ? `, detailedDiff = ${show(dd)}` : ''}`;
    }
    case 'huge-string': {
      const h = hugeString(c);
      if (b % 5 === 0) {
        const s = chooseSlot(ctx, a, (x) => !Array.isArray(x.parent));
        if (!s) return 'huge-string: no key';
        renameKey(s.parent as Obj, s.key as string, h);
        return `huge-string: key ${where(s.path)} renamed to ${show(h)}`;
      }
      const s = chooseSlot(ctx, a, (x) => typeof getSlot(x) === 'string' || b % 4 === 1);
      if (!s) return 'huge-string: no place';
      putSlot(s, h);
      return `huge-string: ${where(s.path)} = ${show(h)}`;
    }
    case 'odd-string': {
      const o = oddString(c);
      if (b % 3 === 0) {
        const s = chooseSlot(ctx, a, (x) => !Array.isArray(x.parent));
        if (!s) return 'odd-string: no key';
        renameKey(s.parent as Obj, s.key as string, o);
        return `odd-string: key ${where(s.path)} renamed to ${show(o)}`;
      }
      const s = chooseSlot(ctx, a, (x) => typeof getSlot(x) === 'string');
      if (!s) return 'odd-string: no string';
      putSlot(s, o);
      return `odd-string: ${where(s.path)} = ${show(o)}`;
    }
    case 'proto-key': {
      const key = PROTO_KEYS[c % PROTO_KEYS.length]!;
      if (b % 3 === 2) {
        const s = chooseSlot(ctx, a, (x) => typeof getSlot(x) === 'string');
        if (!s) return 'proto-key: no string';
        putSlot(s, key);
        return `proto-key: ${where(s.path)} = ${show(key)}`;
      }
      const s = b % 5 === 0 ? undefined : chooseSlot(ctx, a, (x) => isObj(getSlot(x)));
      const target = s ? (getSlot(s) as Obj) : isObj(ctx.doc) ? ctx.doc : undefined;
      if (!target) return 'proto-key: no object';
      const keys = Object.keys(target);
      if (b % 3 === 1 && keys.length > 0) {
        const from = keys[Math.floor(c / PROTO_KEYS.length) % keys.length]!;
        renameKey(target, from, key);
        return `proto-key: key ${where([...(s?.path ?? []), from])} renamed to ${show(key)}`;
      }
      const v = protoValue(Math.floor(c / PROTO_KEYS.length));
      setOwn(target, key, v);
      return `proto-key: ${where([...(s?.path ?? []), key])} = ${show(v)}`;
    }
    case 'duplicate-address': {
      const list = entries(ctx);
      if (list.length === 0) return 'duplicate-address: no change';
      const e = list[a % list.length]!;
      const addrKey = ADDRESS_KEY[kind];
      if (b % 3 === 2) {
        const other = list[c % list.length]!;
        const addr = own(e.obj, addrKey);
        setOwn(other.obj, addrKey, addr);
        return `duplicate-address: entry ${other.index}.${addrKey} = ${show(addr)} (as entry ${e.index})`;
      }
      const copy = clone(e.element);
      const at = c % (e.list.length + 1);
      e.list.splice(at, 0, copy);
      if (b % 3 === 1) {
        const copyObj = kind === 'pulumi-events' ? ((copy as Obj).resourcePreEvent as Obj).metadata as Obj : (copy as Obj);
        const dup: Entry = { obj: copyObj, list: e.list, index: at, element: copy };
        const tf = [['no-op'], ['delete'], ['update'], ['create'], ['delete', 'create'], ['read']];
        const ops = ['same', 'delete', 'update', 'create', 'replace', 'delete-replaced'];
        const next = kind === 'terraform' ? tf[Math.floor(c / 7) % tf.length]! : [ops[Math.floor(c / 7) % ops.length]!];
        setActions(ctx, dup, next);
        return `duplicate-address: entry ${e.index} copied to ${at} with actions ${show(next)}`;
      }
      return `duplicate-address: entry ${e.index} copied to ${at}`;
    }
    case 'deep-nesting': {
      const s = chooseSlot(ctx, a, () => true);
      if (!s) return 'deep-nesting: no place';
      const depth = 10_000 + (c % 90_001);
      const id = `@@fuzz-splice-${ctx.nonce}-${ctx.splices.size}@@`;
      ctx.splices.set(JSON.stringify(id), deepText(depth, b));
      putSlot(s, id);
      return `deep-nesting: ${where(s.path)} = ${depth} levels (${['arrays', 'objects', 'mixed'][b % 3]})`;
    }
    case 'swap-container': {
      const s = chooseSlot(ctx, a, (x) => {
        const v = getSlot(x);
        return typeof v === 'object' && v !== null;
      });
      if (!s) return 'swap-container: no container';
      const v = getSlot(s);
      let nv: unknown;
      if (Array.isArray(v)) {
        const o: Obj = {};
        v.forEach((x, i) => setOwn(o, String(i), x));
        nv = o;
      } else {
        nv = c % 2 === 0 ? Object.values(v as Obj) : Object.entries(v as Obj);
      }
      putSlot(s, nv);
      return `swap-container: ${where(s.path)} ${Array.isArray(v) ? 'array → object' : 'object → array'}`;
    }
    case 'number-as-string': {
      // c % 3: numbers (and booleans) → strings; numbers → padded strings; numeric strings → numbers.
      const mode = c % 3;
      const matches = (v: unknown) =>
        typeof v === 'number' || (mode === 0 && typeof v === 'boolean') || (mode === 2 && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
      const s = chooseSlot(ctx, a, (x) => matches(getSlot(x)));
      if (!s) return 'number-as-string: no number';
      // b % 2: that value, or every such value of the change / step / event it is in.
      const targets = b % 2 === 0 ? [s] : slots(ctx.doc).filter((x) => x.path[0] === s.path[0] && x.path[1] === s.path[1] && matches(getSlot(x)));
      for (const x of targets) {
        const v = getSlot(x);
        putSlot(x, mode === 2 ? Number(v) : mode === 1 ? ` ${String(v)}.0` : String(v));
      }
      return `number-as-string: ${targets.length === 1 ? where(s.path) : `${targets.length} values in ${where(s.path.slice(0, 2))}`} (${['numbers and booleans → strings', 'numbers → padded strings', 'numeric strings → numbers'][mode]})`;
    }
    case 'mark-sensitive': {
      const list = entries(ctx);
      if (list.length === 0) return 'mark-sensitive: no change';
      const e = list[a % list.length]!;
      if (kind === 'terraform') {
        const change = own(e.obj, 'change');
        if (!isObj(change)) return 'mark-sensitive: change is not an object';
        const side = b % 2 === 0 ? 'before' : 'after';
        const value = own(change, side);
        const leaves = slots(value).filter((x) => typeof getSlot(x) === 'string');
        if (c % 4 === 0 || leaves.length === 0) {
          setOwn(change, `${side}_sensitive`, true);
          return `mark-sensitive: resource_changes[${e.index}].change.${side}_sensitive = true`;
        }
        const leaf = leaves[Math.floor(b / 2) % leaves.length]!;
        markPath(change, side, leaf.path);
        let note = '';
        if (c % 4 >= 2) {
          const token = secretToken(a, c);
          putSlot(leaf, token);
          note = ` = ${show(token)}`;
        }
        return `mark-sensitive: resource_changes[${e.index}].change.${side}${where(leaf.path).replace(/^(?!\[)/, '.')} marked${note}`;
      }
      const states = kind === 'pulumi' ? ['oldState', 'newState'] : ['old', 'new'];
      const state = own(e.obj, states[b % 2]!);
      if (!isObj(state)) return 'mark-sensitive: no state';
      const leaves = slots(state).filter((x) => typeof getSlot(x) === 'string' && (x.path[0] === 'inputs' || x.path[0] === 'outputs'));
      if (leaves.length === 0) return 'mark-sensitive: no input or output';
      const leaf = leaves[Math.floor(b / 2) % leaves.length]!;
      const token = c % 2 === 0 ? secretToken(a, c) : (getSlot(leaf) as string);
      const sig: Obj = {};
      setOwn(sig, PULUMI_SIG, c % 3 === 2 ? PULUMI_OUTPUT_SIG : PULUMI_SECRET_SIG);
      if (c % 3 === 0) setOwn(sig, 'value', token);
      else if (c % 3 === 1) setOwn(sig, 'plaintext', JSON.stringify(token));
      else {
        setOwn(sig, 'value', token);
        setOwn(sig, 'secret', true);
        setOwn(sig, 'known', true);
      }
      putSlot(leaf, sig);
      return `mark-sensitive: step ${e.index}.${states[b % 2]}${where(leaf.path).replace(/^(?!\[)/, '.')} = ${show(sig)}`;
    }
    default:
      return `${m.kind}: not a tree mutation`;
  }
}

function applyBytes(bytes: Buffer, m: Mutation): { bytes: Buffer; note: string } {
  const { a, b, c } = m;
  if (m.kind === 'truncate') {
    let end = bytes.length;
    while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x09)) end--;
    if (end <= 1) return { bytes, note: 'truncate: too short' };
    const at = 1 + (a % (end - 1));
    return { bytes: bytes.subarray(0, at), note: `truncate: at byte ${at} of ${bytes.length}` };
  }
  const pos = a % (bytes.length + 1);
  switch (b % 5) {
    case 0: {
      const g = GARBAGE[c % GARBAGE.length]!;
      return { bytes: Buffer.concat([bytes.subarray(0, pos), g, bytes.subarray(pos)]), note: `garbage: inserted ${show(g.toString('latin1'))} at byte ${pos}` };
    }
    case 1: {
      if (pos >= bytes.length) return { bytes, note: 'garbage: nothing to overwrite' };
      const g = GARBAGE[c % GARBAGE.length]!;
      const out = Buffer.from(bytes);
      out[pos] = g[0]!;
      return { bytes: out, note: `garbage: byte ${pos} overwritten with 0x${g[0]!.toString(16)}` };
    }
    case 2: {
      let at = pos;
      while (at < bytes.length && !STRUCTURAL.has(bytes[at]!)) at++;
      if (at >= bytes.length) return { bytes, note: 'garbage: no structural byte to delete' };
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]), note: `garbage: deleted ${show(String.fromCharCode(bytes[at]!))} at byte ${at}` };
    }
    case 3: {
      const n = 1 + (c % 16);
      return { bytes: Buffer.concat([bytes.subarray(0, pos), bytes.subarray(Math.min(bytes.length, pos + n))]), note: `garbage: deleted ${n} bytes at ${pos}` };
    }
    default: {
      const r = prng(c);
      const g = Buffer.from(Array.from({ length: 1 + (c % 8) }, () => Math.floor(r() * 256)));
      return { bytes: Buffer.concat([bytes.subarray(0, pos), g, bytes.subarray(pos)]), note: `garbage: inserted bytes ${g.toString('hex')} at ${pos}` };
    }
  }
}

/** Write a (mutated) document the way its seed was written, splicing deep nesting into the text. */
function serialize(ctx: Ctx): string {
  const indent = ctx.seed.indent || undefined;
  let text: string;
  if (ctx.seed.kind === 'pulumi-events') {
    text = `${(ctx.doc as unknown[]).map((e) => JSON.stringify(e, null, indent)).join('\n')}\n`;
  } else {
    text = JSON.stringify(ctx.doc, null, indent) + (ctx.seed.text.endsWith('\n') ? '\n' : '');
  }
  for (const [id, deep] of ctx.splices) text = text.split(id).join(deep);
  return text;
}

/** The bytes of a fuzz case: the seed, its tree mutations applied in order, then its byte mutations. */
export function buildCase(seed: Seed, mutations: readonly Mutation[]): Built {
  const applied: string[] = [];
  const byteMutations = mutations.filter((m) => (BYTE_KINDS as readonly string[]).includes(m.kind));
  const treeMutations = mutations.filter((m) => !(BYTE_KINDS as readonly string[]).includes(m.kind));
  let bytes: Buffer;
  if (treeMutations.length === 0) {
    bytes = Buffer.from(seed.text, 'utf8');
  } else {
    const nonce = (mutations.reduce((h, m) => (h * 31 + m.a + m.b * 7 + m.c * 13) >>> 0, 17) >>> 0).toString(36);
    const ctx: Ctx = { seed, doc: parseSeed(seed), splices: new Map(), nonce };
    for (const m of treeMutations) applied.push(applyTree(ctx, m));
    bytes = Buffer.from(serialize(ctx), 'utf8');
  }
  for (const m of byteMutations) {
    const r = applyBytes(bytes, m);
    bytes = r.bytes;
    applied.push(r.note);
  }
  return { bytes, applied };
}
