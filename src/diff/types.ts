/** Public types and placeholders of the attribute-level diff (re-exported by ./index.ts). */

/** Printed instead of any sensitive value, in every format. */
export const SENSITIVE = '(sensitive)';
/** Printed instead of a value known only after apply. */
export const UNKNOWN = '(known after apply)';

export type AttrChangeKind =
  | 'added'
  | 'removed'
  | 'changed'
  | 'unknown'
  | 'reordered'
  | 'reformatted-json'
  | 'whitespace';

/** A value ready to print: sensitive parts are SENSITIVE, unknown parts UNKNOWN. */
export type DisplayValue = string | number | boolean | null | DisplayValue[] | { [k: string]: DisplayValue };

export interface AttrChange {
  /** e.g. ['tags', 'env'] or ['ingress', 0, 'cidr_blocks']. List indexes are after-indexes, except for 'removed' list elements (before-index). */
  path: (string | number)[];
  kind: AttrChangeKind;
  /** Absent for 'added' (and for 'unknown' when there was no value before). */
  before?: DisplayValue;
  /** Absent for 'removed'; UNKNOWN for 'unknown'. */
  after?: DisplayValue;
  /** true => before/after are SENSITIVE (or UNKNOWN), never the real value. */
  sensitive: boolean;
  /** The path is a prefix of, or lies under, one of the change's replacePaths. */
  forcesReplacement: boolean;
  /** For a string holding JSON that changed structurally: the diff inside it (paths relative to the string). */
  jsonDiff?: AttrChange[];
}

export interface FoldedCounts {
  /** `tags_all` changes dropped because they exactly mirror the `tags` changes. */
  tagsAllMirror: number;
  /** Lists/sets whose elements only changed order. */
  reordered: number;
  /** JSON strings equal once parsed (or differing only by reordering/whitespace inside). */
  reformattedJson: number;
  /** Strings that differ only in the amount of whitespace between the same words. */
  whitespace: number;
  /** Unknown markers not listed on their own because a whole container is shown once as UNKNOWN. */
  unknown: number;
}

export interface DiffResult {
  changes: AttrChange[];
  folded: FoldedCounts;
}

export interface DiffOptions {
  /** Extra attribute-name patterns whose values are masked (tested against the raw name). */
  secretPatterns?: RegExp[];
  /**
   * Default true: reordered / reformatted-json / whitespace changes and `tags_all` mirrors are
   * counted in `folded` and not listed. false: they are listed with their kind.
   */
  foldNoise?: boolean;
}
