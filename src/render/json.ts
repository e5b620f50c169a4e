import type { Report } from '../engine/report.js';

export function renderJson(report: Report): string {
  return `${stringifyJson(report)}\n`;
}

/**
 * `JSON.stringify(value, null, 2)`, also for values nested deeper than the call stack allows (a
 * plan value 100k levels deep reaches the report's diff): V8's stringify recurses and overflows,
 * and at such depths the indentation alone would outgrow the longest string V8 can build. Then
 * the same JSON is written iteratively, indented down to {@link PRETTY_DEPTH} levels and compact
 * below.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifyIteratively(value);
  }
}

/** Levels indented by {@link stringifyIteratively}; deeper values are written compactly. */
export const PRETTY_DEPTH = 64;

type Frame = { arr: unknown[]; i: number; indent: string; pretty: boolean } | { obj: Record<string, unknown>; keys: string[]; i: number; indent: string; pretty: boolean; wrote: boolean };

function prepare(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  return v;
}

/** JSON has no text for these: left out of objects, `null` in arrays. */
function isSkipped(v: unknown): boolean {
  return typeof v === 'undefined' || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * The iterative path of {@link stringifyJson} (exported for tests): the text of
 * `JSON.stringify(value, null, 2)` for the first {@link PRETTY_DEPTH} levels, that of
 * `JSON.stringify(value)` below them.
 */
export function stringifyIteratively(root: unknown, prettyDepth = PRETTY_DEPTH): string {
  const parts: string[] = [];
  const stack: Frame[] = [];
  const value = (v: unknown, indent: string): void => {
    if (typeof v !== 'object' || v === null) {
      parts.push(JSON.stringify(v) ?? 'null');
      return;
    }
    const pretty = stack.length < prettyDepth;
    if (Array.isArray(v)) {
      if (v.length === 0) parts.push('[]');
      else {
        parts.push('[');
        stack.push({ arr: v, i: 0, indent, pretty });
      }
    } else {
      const obj = v as Record<string, unknown>;
      parts.push('{');
      stack.push({ obj, keys: Object.keys(obj), i: 0, indent, pretty, wrote: false });
    }
  };
  const top = prepare(root, '');
  if (isSkipped(top)) return JSON.stringify(top);
  value(top, '');
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const inner = f.pretty ? `${f.indent}  ` : '';
    const nl = f.pretty ? `\n${inner}` : '';
    if ('arr' in f) {
      if (f.i >= f.arr.length) {
        parts.push(f.pretty ? `\n${f.indent}]` : ']');
        stack.pop();
        continue;
      }
      parts.push(f.i === 0 ? nl : `,${nl}`);
      const v = prepare(f.arr[f.i], String(f.i));
      f.i++;
      value(isSkipped(v) ? null : v, inner);
      continue;
    }
    if (f.i >= f.keys.length) {
      parts.push(f.wrote && f.pretty ? `\n${f.indent}}` : '}');
      stack.pop();
      continue;
    }
    const k = f.keys[f.i++]!;
    const v = prepare(f.obj[k], k);
    if (isSkipped(v)) continue;
    parts.push(`${f.wrote ? ',' : ''}${nl}${JSON.stringify(k)}:${f.pretty ? ' ' : ''}`);
    f.wrote = true;
    value(v, inner);
  }
  return parts.join('');
}
