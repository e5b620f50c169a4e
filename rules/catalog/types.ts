/**
 * Shapes of the catalog tables (the JSON files beside this module). See README.md for what each
 * table holds and how to add an entry.
 *
 * Attribute paths are dotted Terraform attribute names; `[]` marks a nested block (a list or set
 * in plan JSON), e.g. `settings[].availability_type`, `root_block_device[].delete_on_termination`.
 * A path also stands for everything below it: `boot_disk` covers `boot_disk[].initialize_params[].image`.
 */

export type Provider = 'aws' | 'google' | 'azurerm' | 'kubernetes';

export type Severity = 'critical' | 'high' | 'medium';

export type JsonPrimitive = string | number | boolean | null;

/**
 * A test on one attribute value. `undefined` (absent) is treated as `null`.
 * - `equals` / `in` / `notIn`: strict equality with the listed values (`null` matches absent).
 * - `truthy` / `falsy`: falsy is null, false, 0, '' and an empty list.
 * - `lessThan` / `lessThanOrEqual`: numbers, numeric strings (a trailing `s` for durations such as
 *   "2592000s" is allowed) and lists (their length); any other value never matches.
 * - `matches` / `notMatches`: a regular expression tested on string values; other values never match.
 */
export type ValuePredicate =
  | { equals: JsonPrimitive }
  | { in: readonly JsonPrimitive[] }
  | { notIn: readonly JsonPrimitive[] }
  | { truthy: true }
  | { falsy: true }
  | { lessThan: number }
  | { lessThanOrEqual: number }
  | { matches: string }
  | { notMatches: string };

/**
 * A test on a before → after change. A {@link ValuePredicate} here means "after matches and
 * before did not". `decreases` / `increases` compare numbers (or list lengths); `changes` is any
 * difference.
 */
export type ChangePredicate = ValuePredicate | { decreases: true } | { increases: true } | { changes: true };

// ------------------------------------------------------------------------------- data stores

export type DataCategory =
  | 'database'
  | 'warehouse'
  | 'search'
  | 'cache'
  | 'queue'
  | 'storage'
  | 'backup'
  | 'file-system'
  | 'disk'
  | 'disk-attachment'
  | 'storage-class'
  | 'server'
  | 'key'
  | 'secret'
  | 'dns'
  | 'container';

export interface DataStore {
  type: string;
  provider: Provider;
  category: DataCategory;
  /** Name-like attributes (identifier, name, hostname, bucket ...). A rename replaces the resource unless listed in `renameInPlace`. */
  nameAttributes: readonly string[];
  /** Name-like attributes the provider updates in place (e.g. aws_db_instance identifier since AWS provider 5.0). */
  renameInPlace?: readonly string[];
  /** Top-level attributes (metadata/spec children for Kubernetes) whose change always forces replacement. */
  forceNewAttributes?: readonly string[];
  /** Attributes that force replacement only under a condition (see `note`), e.g. a size decrease. */
  forceNewConditional?: readonly string[];
  /** Servers only: attributes whose change destroys and re-images the machine, most specific first. */
  reimageTriggers?: readonly string[];
  /** Attribute naming the cluster / replication group / primary that this member belongs to. */
  clusterOf?: string;
  /** Attributes naming the parent that contains this resource (database → server, table → dataset). */
  containedIn?: readonly string[];
  /** What a reviewer calls it, where the category's noun is too vague (a namespace, not a "resource container"). */
  noun?: string;
  /** What destroying it loses, where the category's words are not precise enough (completes "…: ___"). */
  loss?: string;
  /** What happens instead when a `reclaim-policy` safeguard of the type keeps the data (completes "`x` is Retain, so ___"). */
  lossWhenRetained?: string;
  note?: string;
  source: string;
}

export type ServingCategory =
  | 'autoscaling-group'
  | 'container-service'
  | 'kubernetes-cluster'
  | 'node-pool'
  | 'launch-template'
  | 'instance-group'
  | 'scale-set'
  | 'workload';

/** Serving capacity (clusters, node pools, scale sets, workloads): replacement drains capacity, not data. */
export interface ServingCapacity {
  type: string;
  provider: Provider;
  category: ServingCategory;
  nameAttributes: readonly string[];
  containedIn?: readonly string[];
  source: string;
}

// ------------------------------------------------------------------------------- safeguards

export type SafeguardKind =
  | 'deletion-protection'
  | 'termination-protection'
  | 'stop-protection'
  | 'final-snapshot'
  | 'backups'
  | 'force-destroy'
  | 'force-detach'
  | 'deletion-policy'
  | 'soft-delete'
  | 'skip-destroy'
  | 'delete-on-termination'
  | 'shutdown-behavior'
  | 'object-lock'
  | 'retention-lock'
  | 'immutability'
  | 'replication-protection'
  | 'reclaim-policy'
  | 'key-enabled'
  | 'policy-lockout-check';

/**
 * What the safeguard does while it is on:
 * api-blocks-delete (the cloud API refuses), provider-blocks-delete (the Terraform provider refuses),
 * final-backup, retains-data (backups or data outlive the resource), soft-delete-window,
 * protects-contents (off = destroy also deletes contents: objects, records, images ...),
 * detach-only (destroy only forgets), blocks-stop, none (not a protection against destroy).
 */
export type SafeguardEffect =
  | 'api-blocks-delete'
  | 'provider-blocks-delete'
  | 'final-backup'
  | 'retains-data'
  | 'soft-delete-window'
  | 'protects-contents'
  | 'detach-only'
  | 'blocks-stop'
  | 'none';

export interface Safeguard {
  type: string;
  attribute: string;
  kind: SafeguardKind;
  effect: SafeguardEffect;
  /** Matches the attribute value when the safeguard is off (or in its unsafe state). */
  off: ValuePredicate;
  /** A change that weakens the safeguard without turning it off (e.g. a shorter deletion window). */
  weakenedWhen?: ChangePredicate;
  note?: string;
  source: string;
}

/** A resource whose only job is to protect others (a management lock, a disruption budget). */
export interface SafeguardResource {
  type: string;
  kind: 'lock' | 'disruption-budget';
  /** Attribute naming what it protects. */
  scopeAttribute: string;
  levelAttribute?: string;
  protectiveValues?: readonly string[];
  note: string;
  source: string;
}

// ------------------------------------------------------------------------------- high availability

export type HaKind =
  | 'failover'
  | 'failover-priority'
  | 'failover-prerequisite'
  | 'failure-detection'
  | 'multi-az'
  | 'zone-redundancy'
  | 'geo-replication'
  | 'replicas'
  | 'shards'
  | 'capacity'
  | 'tier'
  | 'quorum'
  | 'placement'
  | 'replication-role'
  | 'routing'
  | 'routing-policy'
  | 'health-check'
  | 'bgp'
  | 'path-redundancy'
  | 'path-enabled'
  | 'traffic'
  | 'update-strategy'
  | 'backups';

export interface HaAttribute {
  type: string;
  attribute: string;
  kind: HaKind;
  /** The before → after change that weakens high availability. */
  weakenedWhen: ChangePredicate;
  /** Matches a value that is already unhealthy (to flag creates and steady states). */
  unhealthy?: ValuePredicate;
  /** The healthy value in the reference's words. */
  healthy?: string;
  note?: string;
  source: string;
}

// ------------------------------------------------------------------------------- network paths

export type NetworkCategory =
  | 'route'
  | 'route-table'
  | 'route-table-association'
  | 'route-propagation'
  | 'vpn'
  | 'transit-gateway'
  | 'interconnect'
  | 'bgp'
  | 'router'
  | 'nat'
  | 'gateway'
  | 'peering'
  | 'load-balancer'
  | 'cdn'
  | 'listener'
  | 'backend'
  | 'ip-address'
  | 'network'
  | 'subnet'
  | 'firewall'
  | 'endpoint'
  | 'service'
  | 'ingress'
  | 'dns-zone'
  | 'dns-record';

export interface PathChange {
  attribute: string;
  effect?: string;
  source: string;
}

export interface NetworkPath {
  type: string;
  provider: Provider;
  category: NetworkCategory;
  /** critical: the environment/site loses the path; high: a path/subnet/AZ loses connectivity; medium: partial/filtering. */
  outageOnDelete: Severity;
  outageNote?: string;
  /**
   * Attributes that identify "the same path": two resources of this type whose values are all equal
   * (null counts as equal, at least one non-null) are members of one redundant set, or the old and
   * new object of one path.
   */
  redundancyKey?: readonly string[];
  redundancyNote?: string;
  /** Top-level attributes whose change forces replacement. */
  forceNewAttributes?: readonly string[];
  /** In-place changes that re-route traffic, withdraw routes or re-establish the path. */
  pathChangeAttributes?: readonly PathChange[];
  /** Why the replacement leaves a gap or cannot be done create-before-destroy. */
  replacementConcern?: string;
  source: string;
}

// ------------------------------------------------------------------------------- restarts

export interface RestartChange {
  attribute: string;
  effect?: string;
  /** The provider doc says the change results in an outage. */
  outage?: true;
  source: string;
}

export interface RestartEntry {
  type: string;
  changes: readonly RestartChange[];
  /** Boolean attribute that applies the changes now instead of in the maintenance window. Absent: changes apply at once. */
  immediateFlag?: string;
  /** Attribute holding the maintenance window the changes wait for. */
  maintenanceWindow?: string;
  /** Attribute that turns on low-downtime (blue/green) updates. */
  lowDowntimeFlag?: string;
  /** Parameter groups: the default apply method of a parameter change. */
  applyMethodDefault?: 'immediate' | 'pending-reboot';
  note?: string;
  source: string;
}

/** What `restartAttributes(type)` returns: the entry plus the plain list of attribute paths. */
export interface RestartInfo extends RestartEntry {
  attributes: readonly string[];
}

// ------------------------------------------------------------------------------- dependencies

export type DependencyKind =
  | 'parameter-group'
  | 'option-group'
  | 'configuration'
  | 'server-parameter'
  | 'config-map'
  | 'subnet-group'
  | 'proxy'
  | 'health-check'
  | 'security-group'
  | 'target-group'
  | 'launch-template';

export interface SharedDependency {
  type: string;
  provider: Provider;
  kind: DependencyKind;
  /** Types that use it. */
  configures?: readonly string[];
  /** The provider docs / reference recommend create_before_destroy: a delete-first replacement breaks its users. */
  createBeforeDestroy?: true;
  nameAttributes?: readonly string[];
  note?: string;
  source: string;
}

// ------------------------------------------------------------------------------- pulumi

export interface PulumiToken {
  token: string;
  /** The Terraform type whose catalog entries apply. */
  type: string;
  /** current; legacy (an older token for the same resource); alias (a token for a Terraform alias type). */
  status: 'current' | 'legacy' | 'alias';
  /** Other (deprecated) Terraform types served by the same token. */
  alsoTypes?: readonly string[];
  /** Property the bridge auto-names; set explicitly, a replacement becomes delete-before-replace. */
  autoNameProperty?: string;
  /** pulumi-aws forces delete-before-replace for this resource. */
  deleteBeforeReplace?: true;
  /** pulumi-kubernetes: property paths whose change replaces the object. */
  replaceOn?: readonly string[];
  replaceOnNote?: string;
  replaceOnSource?: string;
  note?: string;
  source: string;
}

export interface TypeAlias {
  alias: string;
  type: string;
  source: string;
}
