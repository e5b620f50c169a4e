/**
 * Terraform address helpers: split an address into its parts, the key that groups the
 * instances of one count/for_each resource, and `*` globs.
 */

export interface ParsedAddress {
  /** `module.a["x"].module.b`, or undefined for the root module. */
  module?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** count index or for_each key */
  index?: string | number;
}

/**
 * Split a Terraform address into dot-separated segments, keeping `[...]` (which may hold
 * quoted strings with dots and brackets) attached to the segment before it.
 */
export function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c && i + 1 < address.length) i++;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x5b) depth++;
    else if (ch === 0x5d) depth = Math.max(0, depth - 1);
    else if (ch === 0x2e && depth === 0) {
      parts.push(address.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(address.slice(start));
  return parts;
}

function splitIndex(segment: string): { base: string; index?: string | number } {
  const open = segment.indexOf('[');
  if (open < 0 || !segment.endsWith(']')) return { base: segment };
  const base = segment.slice(0, open);
  const raw = segment.slice(open + 1, -1);
  if (/^\d+$/.test(raw)) return { base, index: Number(raw) };
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return { base, index: JSON.parse(raw) as string };
    } catch {
      return { base, index: raw.slice(1, -1) };
    }
  }
  return { base, index: raw };
}

export function parseAddress(address: string): ParsedAddress {
  const parts = splitAddress(address);
  const moduleParts: string[] = [];
  let i = 0;
  while (i + 1 < parts.length && parts[i] === 'module') {
    moduleParts.push(`module.${parts[i + 1]}`);
    i += 2;
  }
  let mode: 'managed' | 'data' = 'managed';
  if (parts[i] === 'data' && parts.length - i >= 3) {
    mode = 'data';
    i++;
  }
  const type = parts[i] ?? '';
  const last = splitIndex(parts.slice(i + 1).join('.'));
  const out: ParsedAddress = { mode, type, name: last.base };
  if (moduleParts.length > 0) out.module = moduleParts.join('.');
  if (last.index !== undefined) out.index = last.index;
  return out;
}

/** Module path with every instance key removed: `module.db["a"].module.x[0]` → `module.db.module.x`. */
export function stripModuleKeys(module: string | undefined): string {
  if (!module) return '';
  // Every resource of a module instance asks again (rules, grouping): remembered, bounded.
  let stripped = strippedModules.get(module);
  if (stripped === undefined) {
    stripped = splitAddress(module)
      .map((s) => splitIndex(s).base)
      .join('.');
    if (strippedModules.size < 100_000) strippedModules.set(module, stripped);
  }
  return stripped;
}

const strippedModules = new Map<string, string>();

/**
 * The key shared by every instance of one resource block, across count/for_each and module
 * instances: `module.db.aws_instance.node`.
 */
export function groupKey(change: { module?: string; mode?: string; type: string; name: string }): string {
  const mod = stripModuleKeys(change.module);
  const dataPrefix = change.mode === 'data' ? 'data.' : '';
  return `${mod ? `${mod}.` : ''}${dataPrefix}${change.type}.${change.name}`;
}

/** The address without its own instance key: `module.a["x"].aws_instance.node["k"]` → `module.a["x"].aws_instance.node`. */
export function resourceAddress(change: { module?: string; mode?: string; type: string; name: string }): string {
  const dataPrefix = change.mode === 'data' ? 'data.' : '';
  return `${change.module ? `${change.module}.` : ''}${dataPrefix}${change.type}.${change.name}`;
}

/** Render an index the way Terraform writes it in an address: `[0]` or `["key"]`. */
export function formatIndex(index: string | number): string {
  return typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
}

const globCache = new Map<string, RegExp>();

/**
 * Glob over addresses: `*` matches any run of characters (dots and brackets included), so
 * `aws_db_instance.*` matches every instance of every aws_db_instance in the root module and
 * `module.db.*` everything in that module. Every other character is literal.
 */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 's');
    globCache.set(glob, re);
  }
  return re;
}

export function matchesGlob(address: string, glob: string): boolean {
  return globToRegExp(glob).test(address);
}

export function matchesAnyGlob(address: string, globs: readonly string[]): boolean {
  for (const g of globs) if (matchesGlob(address, g)) return true;
  return false;
}
