/**
 * Pulumi URN helpers: `urn:pulumi:<stack>::<project>::<parent types $ separated>$<type>::<name>`.
 * The name is everything after the third `::` (names may themselves hold `::`), as Pulumi's own
 * URN parser reads it.
 */

export interface ParsedUrn {
  stack: string;
  project: string;
  /** The type token with its parents' types: `eks:index:Cluster$aws:eks/cluster:Cluster`. */
  qualifiedType: string;
  /** The resource's own type token: the last `$` segment of the qualified type. */
  type: string;
  /** Parent type tokens, outermost first (empty for a resource directly under the stack). */
  parentTypes: string[];
  name: string;
}

const PREFIX = 'urn:pulumi:';

export function isUrn(s: string): boolean {
  return parseUrn(s) !== undefined;
}

/** Split a URN into its parts; undefined when it is not a Pulumi URN. */
export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!urn.startsWith(PREFIX)) return undefined;
  const rest = urn.slice(PREFIX.length);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 3; i++) {
    const at = rest.indexOf('::', from);
    if (at < 0) return undefined;
    parts.push(rest.slice(from, at));
    from = at + 2;
  }
  const [stack, project, qualifiedType] = parts as [string, string, string];
  const name = rest.slice(from);
  if (qualifiedType === '') return undefined;
  const types = qualifiedType.split('$');
  const type = types.pop()!;
  if (type === '') return undefined;
  return { stack, project, qualifiedType, type, parentTypes: types, name };
}

/**
 * The resource option that keeps a resource across a logical rename (a change of name, parent or
 * type that changes its URN): ready to paste into the new resource's options. The old URN as an
 * alias is understood by every Pulumi language (TypeScript/JavaScript and YAML as written; Python
 * `aliases=[...]`; Go `pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN("...")}})`).
 */
export function aliasesOption(oldUrn: string): string {
  return `aliases: [${JSON.stringify(oldUrn)}]`;
}

/**
 * The shortest alias when only the name changed (same stack, project, parents and type):
 * `aliases: [{ name: "old" }]`; otherwise the full old URN ({@link aliasesOption}).
 */
export function aliasSuggestion(oldUrn: string, newUrn: string): string {
  const a = parseUrn(oldUrn);
  const b = parseUrn(newUrn);
  if (a && b && a.stack === b.stack && a.project === b.project && a.qualifiedType === b.qualifiedType && a.name !== b.name) {
    return `aliases: [{ name: ${JSON.stringify(a.name)} }]`;
  }
  return aliasesOption(oldUrn);
}
