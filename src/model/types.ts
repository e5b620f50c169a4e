/**
 * The normalized change model. Everything downstream of ingest (engine, rules, diff, render)
 * reads only these types and never knows which tool produced the plan except through fields.
 */

export type Action =
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'read'
  | 'no-op'
  | 'forget'
  | 'import'
  /** an action combination planguard does not know; always blocks the gate */
  | 'unknown';

export type SourceKind = 'terraform' | 'opentofu' | 'pulumi';

export type PathStep = string | number;
export type AttrPath = PathStep[];

export interface ResourceChange {
  /** Terraform address (`module.a.aws_db_instance.x["k"]`), or the Pulumi URN. */
  address: string;
  /** Where the resource was before a declared move (`moved` block, Pulumi alias). */
  previousAddress?: string;
  /** Provider type as written by the tool: `aws_db_instance`, `aws:rds/instance:Instance`. */
  type: string;
  /** Terraform type that a Pulumi token maps to, for catalog look-ups. Equals `type` for Terraform. */
  canonicalType?: string;
  /** Resource name without index: `x` in `aws_db_instance.x["k"]`. */
  name: string;
  /** count index or for_each key. */
  index?: string | number;
  /** Module path: `module.a.module.b`, or undefined in the root module. */
  module?: string;
  /** `managed` or `data` (Terraform `mode`); Pulumi resources are `managed`. */
  mode: 'managed' | 'data';
  provider: string;
  action: Action;
  /** The raw action list / op, kept verbatim for unknown combinations and for display. */
  rawActions: string[];
  /** Only for action === 'replace'. */
  replaceOrder?: 'delete-first' | 'create-first';
  /** Terraform `action_reason` or a Pulumi-derived reason, verbatim. */
  reason?: string;
  /** Attribute paths that force the replacement (Terraform `replace_paths`, Pulumi `replaceReasons`). */
  replacePaths: AttrPath[];
  before: unknown;
  after: unknown;
  /** Mirror of `after` with `true` where the value is unknown until apply (or `true` for all). */
  afterUnknown: unknown;
  /** Mirror of `before` with `true` where the value is sensitive (or `true` for all). */
  beforeSensitive: unknown;
  afterSensitive: unknown;
  /** Terraform `deposed` object key: this change concerns a deposed instance. */
  deposed?: string;
  importing?: boolean;
  /** Terraform `resource_drift` entry, or Pulumi refresh step. */
  drift?: boolean;
  /** Pulumi `protect` flag (from old or new state). */
  protect?: boolean;
  /** Pulumi `retainOnDelete` flag. */
  retainOnDelete?: boolean;
  /** Pulumi resource options as the old and the new state record them (absent side: no such state). */
  stateFlags?: { before?: StateFlags; after?: StateFlags };
}

export interface StateFlags {
  protect: boolean;
  retainOnDelete: boolean;
}

export interface PlanProblem {
  /** `errored`, `incomplete`, `deferred`, `diagnostic` */
  kind: 'errored' | 'incomplete' | 'deferred' | 'diagnostic';
  message: string;
  address?: string;
}

export interface Plan {
  source: SourceKind;
  /** The file the plan came from (`-` for stdin). */
  file: string;
  formatVersion?: string;
  toolVersion?: string;
  changes: ResourceChange[];
  /** Changes detected outside the tool since the last apply (Terraform `resource_drift`). */
  drift: ResourceChange[];
  /**
   * Resource address (without index) → addresses (without index) of resources whose
   * configuration references it, from the plan's `configuration` section where present.
   */
  dependents: Map<string, string[]>;
  /** Problems the tool itself reported: an errored or incomplete plan never passes the gate. */
  problems: PlanProblem[];
  /** Counts of output changes, for the summary. */
  outputChanges?: number;
}
