#!/usr/bin/env node
// Generates a realistic Terraform plan JSON file, in the exact shape of
// `terraform show -json <planfile>` (format_version 1.2, Terraform 1.11.4),
// for benchmarks. Plain Node ESM, no dependencies.
//
//   node bench/generate-plan.mjs --changes 100000 --out bench/out/plan-100k.json [--seed 1]
//   node bench/generate-plan.mjs --target-bytes 1.2e9 --out bench/out/plan-huge.json
//
// The file is written as a stream (bounded memory, whatever the size): every
// resource instance is a pure function of (seed, its position in the layout),
// so each section of the plan (planned_values, resource_drift,
// resource_changes, prior_state, configuration, relevant_attributes) is
// produced by walking the layout again instead of holding anything in memory.
//
// At the end it prints the file size and the number of changes per action and
// writes the same numbers to `<out>.counts.json`.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const TF_VERSION = '1.11.4';
const FORMAT_VERSION = '1.2';
const TIMESTAMP = '2025-06-02T09:41:27Z';
const AWS = 'registry.terraform.io/hashicorp/aws';
const GOOGLE = 'registry.terraform.io/hashicorp/google';
const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------------------
// Deterministic PRNG (mulberry32) and hashing
// ---------------------------------------------------------------------------

function mix32(h) {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function hash(...xs) {
  let h = 0x811c9dc5;
  for (const x of xs) h = mix32((h ^ (x >>> 0)) + 0x9e3779b9);
  return h;
}
function strHash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  u32() {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  f() { return this.u32() / 4294967296; }
  int(n) { return Math.floor(this.f() * n); }
  range(a, b) { return a + this.int(b - a + 1); }
  pick(a) { return a[this.int(a.length)]; }
  chance(p) { return this.f() < p; }
  hex(n) { let s = ''; while (s.length < n) s += this.u32().toString(16).padStart(8, '0'); return s.slice(0, n); }
  digits(n) { let s = ''; while (s.length < n) s += String(this.u32() % 1000000000).padStart(9, '0'); return s.slice(0, n); }
  upper(n) { const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let s = ''; for (let i = 0; i < n; i++) s += A[this.u32() & 31]; return s; }
  b64(n) { const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'; let s = ''; for (let i = 0; i < n; i++) s += A[this.u32() & 63]; return s; }
  uuid() { const h = this.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`; }
  // k distinct elements of arr, kept in arr order (pools are pre-sorted)
  subset(arr, k) {
    k = Math.min(k, arr.length);
    const idx = arr.map((_, i) => i);
    for (let i = 0; i < k; i++) { const j = i + this.int(idx.length - i); [idx[i], idx[j]] = [idx[j], idx[i]]; }
    return idx.slice(0, k).sort((a, b) => a - b).map((i) => arr[i]);
  }
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const DOMAINS = ['accounts', 'analytics', 'audit', 'auth', 'billing', 'booking', 'cart', 'catalog', 'checkout', 'claims', 'crm',
  'delivery', 'email', 'events', 'feeds', 'fraud', 'gateway', 'geo', 'identity', 'images', 'ingest', 'inventory', 'invoicing',
  'kyc', 'ledger', 'loyalty', 'media', 'messaging', 'metrics', 'notify', 'onboarding', 'orders', 'partners', 'payments',
  'payouts', 'pricing', 'profiles', 'quotes', 'ratings', 'recs', 'refunds', 'reporting', 'returns', 'reviews', 'risk',
  'routing', 'scheduler', 'search', 'sessions', 'settlement', 'shipping', 'sms', 'subscriptions', 'support', 'tax',
  'telemetry', 'tickets', 'tracking', 'users', 'vault', 'video', 'wallet', 'warehouse', 'webhooks'];
const AWS_REGIONS = ['ap-northeast-1', 'ap-southeast-2', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'us-east-1', 'us-east-2', 'us-west-2'];
const GCP_REGIONS = ['asia-northeast1', 'europe-west1', 'europe-west4', 'us-central1', 'us-east4'];
const ENVS = ['dev', 'prod', 'prod', 'prod', 'staging'];
const TEAMS = ['platform', 'payments-eng', 'data-eng', 'core-services', 'growth', 'sre', 'risk-eng', 'commerce', 'identity-eng'];
const POOLS = {
  regions: AWS_REGIONS,
  gcpRegions: GCP_REGIONS,
  colors: ['blue', 'green'],
  tenants: ['acme', 'globex', 'hooli', 'initech', 'massive', 'soylent', 'stark', 'umbrella', 'wayne', 'wonka'],
  buckets: ['archive', 'artifacts', 'assets', 'backups', 'exports', 'imports', 'logs', 'reports', 'snapshots', 'uploads'],
  configKeys: ['api_url', 'feature_flags', 'log_level', 'queue_url', 'sentry_dsn'],
  roles: ['admin', 'analyst', 'ci', 'deployer', 'etl', 'lambda-exec', 'monitoring', 'readonly', 'support'],
  hosts: ['admin', 'api', 'app', 'auth', 'cdn', 'docs', 'grafana', 'internal', 'status', 'webhooks', 'www'],
  tables: ['events', 'idempotency', 'jobs', 'locks', 'sessions', 'state'],
  firewalls: ['allow-health-checks', 'allow-https', 'allow-iap-ssh', 'allow-internal'],
  nodePools: ['batch', 'default', 'highmem', 'spot'],
  gcpRoles: ['roles/artifactregistry.reader', 'roles/logging.logWriter', 'roles/monitoring.metricWriter', 'roles/monitoring.viewer', 'roles/stackdriver.resourceMetadata.writer'],
  databases: ['app', 'audit', 'reporting'],
  auroraInstances: ['1', '2', '3'],
  sgRules: ['app_ingress', 'bastion_ingress', 'vpn_ingress'],
};
const REGION_NAMES = { 'ap-northeast-1': 'Asia Pacific (Tokyo)', 'ap-southeast-2': 'Asia Pacific (Sydney)', 'eu-central-1': 'Europe (Frankfurt)', 'eu-west-1': 'Europe (Ireland)', 'eu-west-2': 'Europe (London)', 'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-2': 'US West (Oregon)' };
const SIZE_LADDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const IAM_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:DeleteObject',
  's3:GetObject', 's3:ListBucket', 's3:PutObject', 'secretsmanager:GetSecretValue', 'sns:Publish', 'sqs:DeleteMessage',
  'sqs:ReceiveMessage', 'sqs:SendMessage', 'ssm:GetParameter', 'ssm:GetParametersByPath'];

// ---------------------------------------------------------------------------
// Value helpers
// ---------------------------------------------------------------------------

const azOf = (u, i) => `${u.region}${'abc'[i % 3]}`;
function awsTags(u, name) {
  // keys in sorted order, as Terraform (cty) emits map keys
  return { CostCenter: u.costCenter, Environment: u.env, GitCommit: u.commit, ManagedBy: 'terraform', Name: name, Owner: u.team, Service: u.service };
}
function gLabels(u) {
  return { application: u.domain, cost_center: u.costCenter.toLowerCase(), environment: u.env, git_commit: u.commit, managed_by: 'terraform', owner: u.team, service: u.service };
}
function gEffective(l) {
  return { application: l.application, cost_center: l.cost_center, environment: l.environment, git_commit: l.git_commit, 'goog-terraform-provisioned': 'true', managed_by: l.managed_by, owner: l.owner, service: l.service };
}
function policyJson(r, u, res, opts = {}) {
  const n = opts.statements ?? r.range(1, 3);
  const st = [];
  for (let i = 0; i < n; i++) {
    const wildcard = opts.wildcard && i === 0;
    st.push({
      Sid: ['ReadWrite', 'Decrypt', 'Publish', 'Logs', 'ListAll'][i % 5] + (i ? String(i) : ''),
      Effect: 'Allow',
      Action: wildcard ? '*' : r.subset(IAM_ACTIONS, r.range(2, 6)),
      Resource: wildcard ? '*' : [res, `${res}/*`],
    });
  }
  if (opts.extra) st.push({ Sid: 'Added', Effect: 'Allow', Action: ['s3:GetObjectTagging', 's3:PutObjectTagging'], Resource: `${res}/*` });
  return JSON.stringify({ Version: '2012-10-17', Statement: st });
}
function assumeRolePolicy(service) {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: service }, Sid: '' }] });
}
function containerDefs(r, u, tag) {
  const env = [{ name: 'APP_ENV', value: u.env }, { name: 'AWS_REGION', value: u.region }, { name: 'LOG_LEVEL', value: 'info' }, { name: 'SERVICE_NAME', value: u.service }];
  const c = [{
    cpu: 0, environment: env, essential: true,
    image: `${u.account}.dkr.ecr.${u.region}.amazonaws.com/${u.domain}:${tag}`,
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${u.prefix}`, 'awslogs-region': u.region, 'awslogs-stream-prefix': 'app' } },
    mountPoints: [], name: 'app',
    portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    secrets: [{ name: 'DB_PASSWORD', valueFrom: `arn:aws:ssm:${u.region}:${u.account}:parameter/${u.env}/${u.service}/db_password` }],
    systemControls: [], volumesFrom: [],
  }];
  if (r.chance(0.5)) c.push({ cpu: 0, environment: [], essential: false, image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0', mountPoints: [], name: 'otel-collector', portMappings: [], systemControls: [], volumesFrom: [] });
  return JSON.stringify(c);
}
function pem(r) { return `-----BEGIN CERTIFICATE-----\n${r.b64(64)}\n${r.b64(64)}\n${r.b64(64)}\n${r.b64(64)}\n${r.b64(40)}==\n-----END CERTIFICATE-----\n`; }
const secret = (s) => `bench-secret-${s.ord}`;

// ---------------------------------------------------------------------------
// Resource types. gen(r, u, s) returns the full state value of one instance
// (all keys in sorted order, as cty emits object attributes).
//   c:    attributes computed by the provider (unknown in after on create/replace)
//   sens: sensitive attributes (a key or a path)
//   rep:  attributes that force replacement (a key or a path)
//   upd:  attributes that can be updated in place (a key or a path)
//   mut:  custom "change this attribute" functions
//   updUnknown: attributes that become unknown on update
// ---------------------------------------------------------------------------

const T = {};

T.aws_vpc = {
  p: 'aws', sv: 1,
  c: ['arn', 'default_network_acl_id', 'default_route_table_id', 'default_security_group_id', 'dhcp_options_id', 'id', 'ipv6_association_id', 'main_route_table_id', 'owner_id', 'tags_all'],
  rep: ['cidr_block', 'instance_tenancy'], upd: ['tags', 'tags', 'enable_dns_hostnames'],
  gen(r, u) {
    const t = awsTags(u, `${u.prefix}-vpc`);
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:vpc/${u.vpcId}`, assign_generated_ipv6_cidr_block: false, cidr_block: u.vpcCidr, default_network_acl_id: `acl-${r.hex(17)}`, default_route_table_id: `rtb-${r.hex(17)}`, default_security_group_id: `sg-${r.hex(17)}`, dhcp_options_id: `dopt-${r.hex(17)}`, enable_dns_hostnames: true, enable_dns_support: true, enable_network_address_usage_metrics: false, id: u.vpcId, instance_tenancy: 'default', ipv4_ipam_pool_id: null, ipv4_netmask_length: null, ipv6_association_id: '', ipv6_cidr_block: '', ipv6_cidr_block_network_border_group: '', ipv6_ipam_pool_id: '', ipv6_netmask_length: 0, main_route_table_id: `rtb-${r.hex(17)}`, owner_id: u.account, tags: t, tags_all: t };
  },
};
T.aws_subnet = {
  p: 'aws', sv: 1, c: ['arn', 'id', 'owner_id', 'tags_all', 'availability_zone_id'],
  rep: ['cidr_block', 'availability_zone', 'vpc_id'], upd: ['tags', 'map_public_ip_on_launch'],
  gen(r, u, s) {
    const pub = s.name === 'public', i = s.i;
    const id = pub ? u.publicSubnetIds[i % 3] : u.subnetIds[i % 3];
    const t = awsTags(u, `${u.prefix}-${s.name}-${azOf(u, i)}`);
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:subnet/${id}`, assign_ipv6_address_on_creation: false, availability_zone: azOf(u, i), availability_zone_id: `${u.regionShort}-az${(i % 3) + 1}`, cidr_block: `${u.cidrPrefix}.${(pub ? 100 : 0) + i * 16}.0/20`, customer_owned_ipv4_pool: '', enable_dns64: false, enable_lni_at_device_index: 0, enable_resource_name_dns_a_record_on_launch: false, enable_resource_name_dns_aaaa_record_on_launch: false, id, ipv6_cidr_block: '', ipv6_cidr_block_association_id: '', ipv6_native: false, map_customer_owned_ip_on_launch: false, map_public_ip_on_launch: pub, outpost_arn: '', owner_id: u.account, private_dns_hostname_type_on_launch: 'ip-name', tags: t, tags_all: t, timeouts: null, vpc_id: u.vpcId };
  },
};
T.aws_eip = {
  p: 'aws', sv: 0, c: ['allocation_id', 'arn', 'association_id', 'id', 'network_interface', 'private_dns', 'private_ip', 'public_dns', 'public_ip', 'tags_all'],
  rep: ['domain', 'public_ipv4_pool'], upd: ['tags'],
  gen(r, u, s) {
    const id = `eipalloc-${r.hex(17)}`, ip = `${r.range(3, 54)}.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`;
    const t = awsTags(u, `${u.prefix}-nat-${azOf(u, s.i)}`);
    return { address: null, allocation_id: id, arn: `arn:aws:ec2:${u.region}:${u.account}:elastic-ip/${id}`, associate_with_private_ip: null, association_id: `eipassoc-${r.hex(17)}`, carrier_ip: '', customer_owned_ip: '', customer_owned_ipv4_pool: '', domain: 'vpc', id, instance: '', ipam_pool_id: null, network_border_group: u.region, network_interface: `eni-${r.hex(17)}`, private_dns: `ip-10-${r.range(0, 255)}-${r.range(0, 255)}-${r.range(1, 254)}.${u.region}.compute.internal`, private_ip: `10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`, ptr_record: '', public_dns: `ec2-${ip.replaceAll('.', '-')}.${u.region}.compute.amazonaws.com`, public_ip: ip, public_ipv4_pool: 'amazon', tags: t, tags_all: t, timeouts: null, vpc: true };
  },
};
T.aws_internet_gateway = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'owner_id', 'tags_all'], rep: [], upd: ['tags', 'vpc_id'],
  gen(r, u) {
    const id = `igw-${r.hex(17)}`, t = awsTags(u, `${u.prefix}-igw`);
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:internet-gateway/${id}`, id, owner_id: u.account, tags: t, tags_all: t, timeouts: null, vpc_id: u.vpcId };
  },
};
T.aws_nat_gateway = {
  p: 'aws', sv: 0, c: ['association_id', 'id', 'network_interface_id', 'private_ip', 'public_ip', 'tags_all'],
  rep: ['allocation_id', 'subnet_id', 'connectivity_type'], upd: ['tags'],
  gen(r, u, s) {
    const t = awsTags(u, `${u.prefix}-nat-${azOf(u, s.i)}`);
    return { allocation_id: `eipalloc-${r.hex(17)}`, association_id: `eipassoc-${r.hex(17)}`, connectivity_type: 'public', id: u.natIds[s.i % 3], network_interface_id: `eni-${r.hex(17)}`, private_ip: `${u.cidrPrefix}.${100 + s.i * 16}.${r.range(1, 254)}`, public_ip: `${r.range(3, 54)}.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`, secondary_allocation_ids: [], secondary_private_ip_address_count: 0, secondary_private_ip_addresses: [], subnet_id: u.publicSubnetIds[s.i % 3], tags: t, tags_all: t, timeouts: null };
  },
};
T.aws_route = {
  p: 'aws', sv: 0, c: ['id', 'instance_id', 'instance_owner_id', 'network_interface_id', 'origin', 'state'],
  rep: ['destination_cidr_block', 'route_table_id'], upd: ['nat_gateway_id'],
  mut: { nat_gateway_id: (r) => `nat-${r.hex(17)}` },
  gen(r, u, s) {
    const pub = s.name.startsWith('public'), rtb = pub ? u.publicRtb : u.rtbIds[s.i % 3];
    return { carrier_gateway_id: '', core_network_arn: '', destination_cidr_block: '0.0.0.0/0', destination_ipv6_cidr_block: '', destination_prefix_list_id: '', egress_only_gateway_id: '', gateway_id: pub ? u.igwId : '', id: `r-${rtb}1080289494`, instance_id: '', instance_owner_id: '', local_gateway_id: '', nat_gateway_id: pub ? '' : u.natIds[s.i % 3], network_interface_id: '', origin: 'CreateRoute', route_table_id: rtb, state: 'active', timeouts: { create: '5m', delete: null, update: null }, transit_gateway_id: '', vpc_endpoint_id: '', vpc_peering_connection_id: '' };
  },
};
T.aws_route_table = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'owner_id', 'tags_all'], rep: ['vpc_id'], upd: ['tags'],
  gen(r, u, s) {
    const pub = s.name === 'public', id = pub ? u.publicRtb : u.rtbIds[s.i % 3];
    const t = awsTags(u, `${u.prefix}-${s.name}${pub ? '' : '-' + azOf(u, s.i)}`);
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:route-table/${id}`, id, owner_id: u.account, propagating_vgws: [], route: [{ carrier_gateway_id: '', cidr_block: '0.0.0.0/0', core_network_arn: '', destination_prefix_list_id: '', egress_only_gateway_id: '', gateway_id: pub ? u.igwId : '', ipv6_cidr_block: '', local_gateway_id: '', nat_gateway_id: pub ? '' : u.natIds[s.i % 3], network_interface_id: '', transit_gateway_id: '', vpc_endpoint_id: '', vpc_peering_connection_id: '' }], tags: t, tags_all: t, timeouts: null, vpc_id: u.vpcId };
  },
};
T.aws_route_table_association = {
  p: 'aws', sv: 0, c: ['id'], rep: ['subnet_id', 'gateway_id'], upd: ['route_table_id'],
  mut: { route_table_id: (r) => `rtb-${r.hex(17)}`, gateway_id: (r) => `igw-0${r.hex(16)}` },
  gen(r, u, s) {
    const pub = s.name === 'public';
    return { gateway_id: '', id: `rtbassoc-${r.hex(17)}`, route_table_id: pub ? u.publicRtb : u.rtbIds[s.i % 3], subnet_id: pub ? u.publicSubnetIds[s.i % 3] : u.subnetIds[s.i % 3], timeouts: null };
  },
};
T.aws_security_group = {
  p: 'aws', sv: 1, c: ['arn', 'id', 'owner_id', 'tags_all'], rep: ['name', 'vpc_id', 'description'], upd: ['tags', 'revoke_rules_on_delete'],
  gen(r, u, s) {
    const name = `${u.prefix}-${s.name === 'this' ? 'sg' : s.name}`, t = awsTags(u, name), port = u.port;
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:security-group/${u.sgId}`, description: 'Managed by Terraform', egress: [{ cidr_blocks: ['0.0.0.0/0'], description: '', from_port: 0, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: '-1', security_groups: [], self: false, to_port: 0 }], id: u.sgId, ingress: [{ cidr_blocks: [u.vpcCidr], description: 'from vpc', from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: port }], name, name_prefix: '', owner_id: u.account, revoke_rules_on_delete: false, tags: t, tags_all: t, timeouts: null, vpc_id: u.vpcId };
  },
};
T.aws_security_group_rule = {
  p: 'aws', sv: 2, c: ['id', 'security_group_rule_id'], rep: ['cidr_blocks', 'from_port', 'to_port', 'protocol', 'type', 'security_group_id'], upd: ['description'],
  gen(r, u, s) {
    const egress = s.name === 'egress';
    const open = !egress && r.chance(0.08);
    const port = egress ? 0 : open ? r.pick([22, 443, 3389, 80]) : r.pick([u.port, 443, 8080, 9090]);
    return { cidr_blocks: egress || open ? ['0.0.0.0/0'] : [u.vpcCidr, `10.${r.range(200, 250)}.0.0/16`], description: egress ? 'allow all egress' : open ? 'temporary public access' : `allow ${port} from internal`, from_port: port, id: `sgrule-${r.digits(10)}`, ipv6_cidr_blocks: null, prefix_list_ids: [], protocol: egress ? '-1' : 'tcp', security_group_id: u.sgId, security_group_rule_id: `sgr-${r.hex(17)}`, self: false, source_security_group_id: null, timeouts: null, to_port: port, type: egress ? 'egress' : 'ingress' };
  },
};
T.aws_cloudwatch_log_group = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'tags_all'], rep: ['name', 'log_group_class'], upd: ['retention_in_days', 'tags'],
  mut: { retention_in_days: (r, v) => (v === 30 ? 90 : 30) },
  gen(r, u) {
    const name = `/ecs/${u.prefix}`, t = awsTags(u, name);
    return { arn: `arn:aws:logs:${u.region}:${u.account}:log-group:${name}`, id: name, kms_key_id: '', log_group_class: 'STANDARD', name, name_prefix: '', retention_in_days: 30, skip_destroy: false, tags: t, tags_all: t };
  },
};
T.aws_ecs_task_definition = {
  p: 'aws', sv: 1, c: ['arn', 'arn_without_revision', 'id', 'revision', 'tags_all'],
  rep: ['container_definitions', 'container_definitions', 'container_definitions', 'cpu', 'memory'], upd: ['tags'],
  mut: { container_definitions: (r, v, u) => containerDefs(new Rng(r.u32()), u, r.hex(7)), cpu: (r, v) => String(Number(v) * 2), memory: (r, v) => String(Number(v) * 2) },
  gen(r, u) {
    const rev = r.range(3, 480), fam = u.prefix, t = awsTags(u, fam), cpu = r.pick(['256', '512', '1024', '2048']);
    return { arn: `arn:aws:ecs:${u.region}:${u.account}:task-definition/${fam}:${rev}`, arn_without_revision: `arn:aws:ecs:${u.region}:${u.account}:task-definition/${fam}`, container_definitions: containerDefs(r, u, r.hex(7)), cpu, enable_fault_injection: false, ephemeral_storage: [], execution_role_arn: `arn:aws:iam::${u.account}:role/${u.prefix}-execution`, family: fam, id: fam, inference_accelerator: [], ipc_mode: '', memory: String(Number(cpu) * 2), network_mode: 'awsvpc', pid_mode: '', placement_constraints: [], proxy_configuration: [], requires_compatibilities: ['FARGATE'], revision: rev, runtime_platform: [{ cpu_architecture: r.pick(['ARM64', 'X86_64']), operating_system_family: 'LINUX' }], skip_destroy: false, tags: t, tags_all: t, task_role_arn: `arn:aws:iam::${u.account}:role/${u.prefix}-task`, track_latest: false, volume: [] };
  },
};
T.aws_ecs_service = {
  p: 'aws', sv: 1, c: ['id', 'tags_all'], rep: ['name', 'cluster', 'launch_type'], upd: ['desired_count', 'task_definition', 'task_definition', 'tags'],
  updUnknown: ['task_definition'],
  mut: { desired_count: (r, v) => v + r.range(1, 4), task_definition: (r, v) => v.replace(/:(\d+)$/, (m, n) => `:${Number(n) + 1}`) },
  gen(r, u) {
    const cluster = `arn:aws:ecs:${u.region}:${u.account}:cluster/${u.domain}-${u.env}`, t = awsTags(u, u.prefix);
    return { alarms: [], availability_zone_rebalancing: 'DISABLED', capacity_provider_strategy: [], cluster, deployment_circuit_breaker: [{ enable: true, rollback: true }], deployment_controller: [{ type: 'ECS' }], deployment_maximum_percent: 200, deployment_minimum_healthy_percent: 100, desired_count: r.range(2, 12), enable_ecs_managed_tags: true, enable_execute_command: false, force_delete: null, force_new_deployment: null, health_check_grace_period_seconds: 60, iam_role: '/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS', id: `arn:aws:ecs:${u.region}:${u.account}:service/${u.domain}-${u.env}/${u.prefix}`, launch_type: 'FARGATE', load_balancer: [{ container_name: 'app', container_port: 8080, elb_name: '', target_group_arn: `arn:aws:elasticloadbalancing:${u.region}:${u.account}:targetgroup/${u.prefix.slice(0, 24)}/${r.hex(16)}` }], name: u.prefix, network_configuration: [{ assign_public_ip: false, security_groups: [u.sgId], subnets: u.subnetIds.slice() }], ordered_placement_strategy: [], placement_constraints: [], platform_version: 'LATEST', propagate_tags: 'SERVICE', scheduling_strategy: 'REPLICA', service_connect_configuration: [], service_registries: [], tags: t, tags_all: t, task_definition: `${u.prefix}:${r.range(3, 480)}`, timeouts: null, triggers: {}, volume_configuration: [], vpc_lattice_configurations: [], wait_for_steady_state: false };
  },
};
T.aws_iam_role = {
  p: 'aws', sv: 0, c: ['arn', 'create_date', 'id', 'tags_all', 'unique_id'], rep: ['name', 'path'], upd: ['tags', 'max_session_duration', 'assume_role_policy'],
  mut: { assume_role_policy: () => assumeRolePolicy(['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com']), max_session_duration: (r, v) => (v === 3600 ? 7200 : 3600) },
  gen(r, u, s) {
    const name = `${u.prefix}-${s.key ?? s.name}`.slice(0, 64), t = awsTags(u, name);
    const svc = s.name === 'this' && s.key ? r.pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) : 'ecs-tasks.amazonaws.com';
    return { arn: `arn:aws:iam::${u.account}:role/${name}`, assume_role_policy: assumeRolePolicy(svc), create_date: '2023-0' + r.range(1, 9) + '-1' + r.range(0, 9) + 'T0' + r.range(0, 9) + ':2' + r.range(0, 9) + ':11Z', description: '', force_detach_policies: false, id: name, inline_policy: [], managed_policy_arns: s.name === 'execution' ? ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'] : [`arn:aws:iam::${u.account}:policy/${name}`], max_session_duration: 3600, name, name_prefix: '', path: '/', permissions_boundary: '', tags: t, tags_all: t, unique_id: `AROA${r.upper(17)}` };
  },
};
T.aws_iam_policy = {
  p: 'aws', sv: 0, c: ['arn', 'attachment_count', 'id', 'policy_id', 'tags_all'], rep: ['name', 'path', 'description'], upd: ['policy', 'policy', 'tags'],
  mut: { policy: (r, v, u, s) => policyJson(new Rng(hash(s.seed, 77)), u, `arn:aws:s3:::${u.prefix}`, { extra: true }) },
  gen(r, u, s) {
    const name = `${u.prefix}-${s.key ?? s.name}`.slice(0, 128), t = awsTags(u, name), arn = `arn:aws:iam::${u.account}:policy/${name}`;
    return { arn, attachment_count: 1, description: `Access policy for ${u.service}`, id: arn, name, name_prefix: '', path: '/', policy: policyJson(new Rng(hash(s.seed, 77)), u, `arn:aws:s3:::${u.prefix}`, { wildcard: r.chance(0.03) }), policy_id: `ANPA${r.upper(17)}`, tags: t, tags_all: t };
  },
};
T.aws_iam_role_policy_attachment = {
  p: 'aws', sv: 0, c: ['id'], rep: ['policy_arn', 'role'], upd: [],
  gen(r, u, s) {
    const role = `${u.prefix}-${s.key ?? s.name}`.slice(0, 64);
    return { id: `${role}-${r.digits(20)}`, policy_arn: s.name === 'execution' ? 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' : `arn:aws:iam::${u.account}:policy/${role}`, role };
  },
};
T.aws_lb_target_group = {
  p: 'aws', sv: 0, c: ['arn', 'arn_suffix', 'id', 'load_balancer_arns', 'tags_all'], rep: ['name', 'port', 'protocol', 'vpc_id', 'target_type'], upd: ['deregistration_delay', 'tags', ['health_check', 0, 'path']],
  mut: { deregistration_delay: (r, v) => (v === '300' ? '30' : '300') },
  gen(r, u) {
    const name = u.prefix.slice(0, 32), t = awsTags(u, name), arn = `arn:aws:elasticloadbalancing:${u.region}:${u.account}:targetgroup/${name}/${r.hex(16)}`;
    return { arn, arn_suffix: `targetgroup/${name}/${r.hex(16)}`, connection_termination: null, deregistration_delay: '300', health_check: [{ enabled: true, healthy_threshold: 3, interval: 30, matcher: '200-399', path: '/healthz', port: 'traffic-port', protocol: 'HTTP', timeout: 5, unhealthy_threshold: 3 }], id: arn, ip_address_type: 'ipv4', lambda_multi_value_headers_enabled: false, load_balancer_arns: [`arn:aws:elasticloadbalancing:${u.region}:${u.account}:loadbalancer/app/${u.domain}-${u.env}/${r.hex(16)}`], load_balancing_algorithm_type: 'round_robin', load_balancing_anomaly_mitigation: 'off', load_balancing_cross_zone_enabled: 'use_load_balancer_configuration', name, name_prefix: '', port: 8080, preserve_client_ip: null, protocol: 'HTTP', protocol_version: 'HTTP1', proxy_protocol_v2: false, slow_start: 0, stickiness: [{ cookie_duration: 86400, cookie_name: '', enabled: false, type: 'lb_cookie' }], tags: t, tags_all: t, target_failover: [], target_group_health: [], target_health_state: [], target_type: 'ip', vpc_id: u.vpcId };
  },
};
T.aws_ssm_parameter = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'tags_all', 'version'], sens: ['value'], rep: ['name'], upd: ['value', 'value', 'tags'], updUnknown: ['version'],
  mut: { value: (r, v, u, s) => `bench-secret-${s.ord}-rotated-${r.range(1, 99)}` },
  gen(r, u, s) {
    const name = `/${u.env}/${u.service}/${s.key ?? s.name}`, t = awsTags(u, name);
    return { allowed_pattern: '', arn: `arn:aws:ssm:${u.region}:${u.account}:parameter${name}`, data_type: 'text', description: '', id: name, insecure_value: null, key_id: 'alias/aws/ssm', name, overwrite: null, tags: t, tags_all: t, tier: 'Standard', type: 'SecureString', value: secret(s), value_wo: null, value_wo_version: null, version: r.range(1, 14) };
  },
};
T.aws_db_subnet_group = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'supported_network_types', 'tags_all', 'vpc_id'], rep: ['name'], upd: ['tags', 'subnet_ids'],
  mut: { subnet_ids: (r, v) => [...v, `subnet-${r.hex(17)}`].sort() },
  gen(r, u) {
    const name = `${u.prefix}-db`, t = awsTags(u, name);
    return { arn: `arn:aws:rds:${u.region}:${u.account}:subgrp:${name}`, description: 'Managed by Terraform', id: name, name, name_prefix: '', subnet_ids: u.subnetIds.slice().sort(), supported_network_types: ['IPV4'], tags: t, tags_all: t, vpc_id: u.vpcId };
  },
};
T.aws_db_instance = {
  p: 'aws', sv: 2,
  c: ['address', 'arn', 'endpoint', 'engine_version_actual', 'hosted_zone_id', 'id', 'latest_restorable_time', 'listener_endpoint', 'master_user_secret', 'replicas', 'resource_id', 'status', 'tags_all'],
  sens: ['password'], rep: ['identifier', 'storage_encrypted', 'kms_key_id', 'username', 'db_name', 'availability_zone'],
  upd: ['engine_version', 'instance_class', 'allocated_storage', 'tags', 'tags', 'backup_retention_period', 'deletion_protection', 'multi_az'],
  gen(r, u, s) {
    const replica = s.name === 'replica';
    const ident = `${u.prefix}${replica ? '-replica-' + s.i : ''}`.slice(0, 63), t = awsTags(u, ident), addr = `${ident}.${r.hex(12)}.${u.region}.rds.amazonaws.com`, rid = `db-${r.upper(26)}`;
    return { address: addr, allocated_storage: r.pick([20, 50, 100, 200, 500]), allow_major_version_upgrade: null, apply_immediately: false, arn: `arn:aws:rds:${u.region}:${u.account}:db:${ident}`, auto_minor_version_upgrade: true, availability_zone: azOf(u, s.i ?? 0), backup_retention_period: replica ? 0 : 7, backup_target: 'region', backup_window: '03:00-04:00', blue_green_update: [], ca_cert_identifier: 'rds-ca-rsa2048-g1', character_set_name: '', copy_tags_to_snapshot: true, custom_iam_instance_profile: '', customer_owned_ip_enabled: false, database_insights_mode: 'standard', db_name: replica ? '' : 'app', db_subnet_group_name: `${u.prefix}-db`, dedicated_log_volume: false, delete_automated_backups: true, deletion_protection: !replica, domain: '', domain_auth_secret_arn: '', domain_dns_ips: [], domain_fqdn: '', domain_iam_role_name: '', domain_ou: '', enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'], endpoint: `${addr}:5432`, engine: 'postgres', engine_lifecycle_support: 'open-source-rds-extended-support', engine_version: u.pgVersion, engine_version_actual: u.pgVersion, final_snapshot_identifier: `${ident}-final`, hosted_zone_id: 'Z29XKXDKYMONMX', iam_database_authentication_enabled: true, id: rid, identifier: ident, identifier_prefix: '', instance_class: r.pick(['db.m6g.large', 'db.r6g.large', 'db.r6g.xlarge', 'db.t4g.medium']), iops: 3000, kms_key_id: u.kmsArn, latest_restorable_time: '2025-06-02T09:35:00Z', license_model: 'postgresql-license', listener_endpoint: [], maintenance_window: 'sun:05:00-sun:06:00', manage_master_user_password: null, master_user_secret: [], master_user_secret_kms_key_id: null, max_allocated_storage: 1000, monitoring_interval: 60, monitoring_role_arn: `arn:aws:iam::${u.account}:role/rds-monitoring`, multi_az: !replica, nchar_character_set_name: '', network_type: 'IPV4', option_group_name: 'default:postgres-16', parameter_group_name: `${u.prefix}-pg16`, password: replica ? null : secret(s), password_wo: null, password_wo_version: null, performance_insights_enabled: true, performance_insights_kms_key_id: u.kmsArn, performance_insights_retention_period: 7, port: 5432, publicly_accessible: false, replica_mode: '', replicas: [], replicate_source_db: replica ? u.prefix : '', resource_id: rid, restore_to_point_in_time: [], s3_import: [], skip_final_snapshot: false, snapshot_identifier: null, status: 'available', storage_encrypted: true, storage_throughput: 125, storage_type: 'gp3', tags: t, tags_all: t, timeouts: null, timezone: '', upgrade_storage_config: null, username: replica ? '' : 'app_admin', vpc_security_group_ids: [u.sgId] };
  },
};
T.aws_db_parameter_group = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'tags_all'], rep: ['name', 'family'], upd: ['parameter', 'tags'],
  mut: { parameter: (r, v) => v.map((p) => (p.name === 'log_min_duration_statement' ? { apply_method: p.apply_method, name: p.name, value: String(r.pick([250, 500, 2000])) } : p)) },
  gen(r, u) {
    const name = `${u.prefix}-pg16`, t = awsTags(u, name);
    return { arn: `arn:aws:rds:${u.region}:${u.account}:pg:${name}`, description: 'Managed by Terraform', family: 'postgres16', id: name, name, name_prefix: '', parameter: [{ apply_method: 'immediate', name: 'log_min_duration_statement', value: '1000' }, { apply_method: 'immediate', name: 'log_statement', value: 'ddl' }, { apply_method: 'pending-reboot', name: 'rds.force_ssl', value: '1' }, { apply_method: 'pending-reboot', name: 'shared_preload_libraries', value: 'pg_stat_statements' }], skip_destroy: false, tags: t, tags_all: t };
  },
};
T.aws_kms_key = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'key_id', 'tags_all'], rep: ['customer_master_key_spec', 'key_usage', 'multi_region'], upd: ['description', 'enable_key_rotation', 'tags', 'deletion_window_in_days'],
  mut: { deletion_window_in_days: (r, v) => (v === 30 ? 7 : 30) },
  gen(r, u, s) {
    const id = r.uuid(), t = awsTags(u, `${u.prefix}-${s.name}`);
    const policy = JSON.stringify({ Id: 'key-default-1', Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${u.account}:root` }, Resource: '*', Sid: 'Enable IAM User Permissions' }], Version: '2012-10-17' });
    return { arn: `arn:aws:kms:${u.region}:${u.account}:key/${id}`, bypass_policy_lockout_safety_check: false, custom_key_store_id: '', customer_master_key_spec: 'SYMMETRIC_DEFAULT', deletion_window_in_days: 30, description: `${u.service} ${s.name} key`, enable_key_rotation: true, id, is_enabled: true, key_id: id, key_usage: 'ENCRYPT_DECRYPT', multi_region: false, policy, rotation_period_in_days: 365, tags: t, tags_all: t, timeouts: null, xks_key_id: '' };
  },
};
T.aws_rds_cluster = {
  p: 'aws', sv: 0, c: ['arn', 'cluster_members', 'cluster_resource_id', 'endpoint', 'engine_version_actual', 'hosted_zone_id', 'id', 'reader_endpoint', 'tags_all'],
  sens: ['master_password'], rep: ['cluster_identifier', 'engine', 'master_username', 'storage_encrypted', 'kms_key_id', 'database_name'],
  upd: ['engine_version', 'backup_retention_period', 'deletion_protection', 'tags', 'tags', 'preferred_backup_window'],
  mut: { preferred_backup_window: (r, v) => (v === '02:00-03:00' ? '04:00-05:00' : '02:00-03:00') },
  gen(r, u, s) {
    const id = u.prefix, t = awsTags(u, id), host = `${id}.cluster-${r.hex(12)}.${u.region}.rds.amazonaws.com`;
    return { allocated_storage: 1, allow_major_version_upgrade: null, apply_immediately: null, arn: `arn:aws:rds:${u.region}:${u.account}:cluster:${id}`, availability_zones: [azOf(u, 0), azOf(u, 1), azOf(u, 2)], backtrack_window: 0, backup_retention_period: 7, ca_certificate_identifier: null, cluster_identifier: id, cluster_identifier_prefix: '', cluster_members: [`${id}-1`, `${id}-2`], cluster_resource_id: `cluster-${r.upper(26)}`, copy_tags_to_snapshot: true, database_insights_mode: 'standard', database_name: 'app', db_cluster_instance_class: '', db_cluster_parameter_group_name: 'default.aurora-postgresql15', db_instance_parameter_group_name: null, db_subnet_group_name: `${id}-db`, db_system_id: '', delete_automated_backups: true, deletion_protection: true, domain: '', domain_iam_role_name: '', enable_global_write_forwarding: false, enable_http_endpoint: false, enable_local_write_forwarding: false, enabled_cloudwatch_logs_exports: ['postgresql'], endpoint: host, engine: 'aurora-postgresql', engine_lifecycle_support: 'open-source-rds-extended-support', engine_mode: 'provisioned', engine_version: u.auroraVersion, engine_version_actual: u.auroraVersion, final_snapshot_identifier: `${id}-final`, global_cluster_identifier: '', hosted_zone_id: 'Z29XKXDKYMONMX', iam_database_authentication_enabled: true, iam_roles: [], id, iops: 0, kms_key_id: u.kmsArn, manage_master_user_password: null, master_password: secret(s), master_password_wo: null, master_password_wo_version: null, master_user_secret: [], master_user_secret_kms_key_id: null, master_username: 'root', network_type: 'IPV4', performance_insights_enabled: false, performance_insights_kms_key_id: '', performance_insights_retention_period: 0, port: 5432, preferred_backup_window: '02:00-03:00', preferred_maintenance_window: 'sun:05:00-sun:06:00', reader_endpoint: host.replace('.cluster-', '.cluster-ro-'), replication_source_identifier: '', restore_to_point_in_time: [], s3_import: [], scaling_configuration: [], serverlessv2_scaling_configuration: [], skip_final_snapshot: false, snapshot_identifier: null, source_region: null, storage_encrypted: true, storage_type: '', tags: t, tags_all: t, timeouts: { create: null, delete: null, update: null }, vpc_security_group_ids: [u.sgId] };
  },
};
T.aws_rds_cluster_instance = {
  p: 'aws', sv: 0, c: ['arn', 'dbi_resource_id', 'endpoint', 'engine_version_actual', 'id', 'kms_key_id', 'network_type', 'port', 'storage_encrypted', 'tags_all', 'writer'],
  rep: ['identifier', 'cluster_identifier', 'engine', 'availability_zone'], upd: ['instance_class', 'promotion_tier', 'tags', 'tags', 'performance_insights_enabled'],
  gen(r, u, s) {
    const id = `${u.prefix}-${s.key ?? s.i}`, t = awsTags(u, id);
    return { apply_immediately: null, arn: `arn:aws:rds:${u.region}:${u.account}:db:${id}`, auto_minor_version_upgrade: true, availability_zone: azOf(u, s.i), ca_cert_identifier: 'rds-ca-rsa2048-g1', cluster_identifier: u.prefix, copy_tags_to_snapshot: false, custom_iam_instance_profile: '', db_parameter_group_name: 'default.aurora-postgresql15', db_subnet_group_name: `${u.prefix}-db`, dbi_resource_id: `db-${r.upper(26)}`, endpoint: `${id}.${r.hex(12)}.${u.region}.rds.amazonaws.com`, engine: 'aurora-postgresql', engine_version: u.auroraVersion, engine_version_actual: u.auroraVersion, id, identifier: id, identifier_prefix: '', instance_class: r.pick(['db.r6g.large', 'db.r6g.xlarge', 'db.r7g.large']), kms_key_id: u.kmsArn, monitoring_interval: 60, monitoring_role_arn: `arn:aws:iam::${u.account}:role/rds-monitoring`, network_type: 'IPV4', performance_insights_enabled: true, performance_insights_kms_key_id: u.kmsArn, performance_insights_retention_period: 7, port: 5432, preferred_backup_window: '02:00-03:00', preferred_maintenance_window: 'sun:05:00-sun:06:00', promotion_tier: s.i, publicly_accessible: false, storage_encrypted: true, tags: t, tags_all: t, timeouts: null, writer: s.i === 0 };
  },
};
T.aws_elasticache_replication_group = {
  p: 'aws', sv: 2, c: ['arn', 'configuration_endpoint_address', 'engine_version_actual', 'id', 'member_clusters', 'primary_endpoint_address', 'reader_endpoint_address', 'tags_all'],
  sens: ['auth_token'], rep: ['replication_group_id', 'at_rest_encryption_enabled', 'subnet_group_name', 'kms_key_id'],
  upd: ['engine_version', 'node_type', 'num_cache_clusters', 'tags', 'tags', 'snapshot_retention_limit', 'auth_token'],
  mut: { auth_token: (r, v, u, s) => `bench-secret-${s.ord}-rotated` },
  gen(r, u, s) {
    const id = u.prefix.slice(0, 40), t = awsTags(u, id), n = r.range(2, 3);
    return { apply_immediately: null, arn: `arn:aws:elasticache:${u.region}:${u.account}:replicationgroup:${id}`, at_rest_encryption_enabled: 'true', auth_token: secret(s), auth_token_update_strategy: 'ROTATE', auto_minor_version_upgrade: 'true', automatic_failover_enabled: true, cluster_enabled: false, cluster_mode: 'disabled', configuration_endpoint_address: null, data_tiering_enabled: false, description: `${u.service} cache`, engine: 'redis', engine_version: '7.1', engine_version_actual: '7.1.0', final_snapshot_identifier: null, global_replication_group_id: '', id, ip_discovery: 'ipv4', kms_key_id: u.kmsArn, log_delivery_configuration: [{ destination: `/elasticache/${id}`, destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'slow-log' }], maintenance_window: 'sun:03:00-sun:04:00', member_clusters: Array.from({ length: n }, (_, i) => `${id}-00${i + 1}`), multi_az_enabled: true, network_type: 'ipv4', node_type: r.pick(['cache.m6g.large', 'cache.r6g.large', 'cache.t4g.medium']), notification_topic_arn: '', num_cache_clusters: n, num_node_groups: 1, parameter_group_name: 'default.redis7', port: 6379, preferred_cache_cluster_azs: null, primary_endpoint_address: `master.${id}.${r.hex(6)}.${u.regionShort}.cache.amazonaws.com`, reader_endpoint_address: `replica.${id}.${r.hex(6)}.${u.regionShort}.cache.amazonaws.com`, replicas_per_node_group: n - 1, replication_group_id: id, security_group_ids: [u.sgId], security_group_names: [], snapshot_arns: null, snapshot_name: null, snapshot_retention_limit: 7, snapshot_window: '01:00-02:00', subnet_group_name: `${id}-cache`, tags: t, tags_all: t, timeouts: null, transit_encryption_enabled: true, transit_encryption_mode: 'required', user_group_ids: [] };
  },
};
T.aws_elasticache_subnet_group = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'tags_all', 'vpc_id'], rep: ['name'], upd: ['tags', 'subnet_ids'],
  mut: { subnet_ids: (r, v) => [...v, `subnet-${r.hex(17)}`].sort() },
  gen(r, u) {
    const name = `${u.prefix.slice(0, 40)}-cache`, t = awsTags(u, name);
    return { arn: `arn:aws:elasticache:${u.region}:${u.account}:subnetgroup:${name}`, description: 'Managed by Terraform', id: name, name, subnet_ids: u.subnetIds.slice().sort(), tags: t, tags_all: t, vpc_id: u.vpcId };
  },
};
const bucketName = (u, s) => `${u.org}-${u.prefix}-${s.key ?? s.name}`.slice(0, 63);
T.aws_s3_bucket = {
  p: 'aws', sv: 0, c: ['acceleration_status', 'arn', 'bucket_domain_name', 'bucket_regional_domain_name', 'hosted_zone_id', 'id', 'region', 'request_payer', 'tags_all', 'website_domain', 'website_endpoint'],
  rep: ['bucket', 'object_lock_enabled'], upd: ['tags', 'tags', 'force_destroy'],
  gen(r, u, s) {
    const b = bucketName(u, s), t = awsTags(u, b);
    return { acceleration_status: '', acl: null, arn: `arn:aws:s3:::${b}`, bucket: b, bucket_domain_name: `${b}.s3.amazonaws.com`, bucket_prefix: '', bucket_regional_domain_name: `${b}.s3.${u.region}.amazonaws.com`, cors_rule: [], force_destroy: false, grant: [{ id: r.hex(64), permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' }], hosted_zone_id: 'Z1BKCTXD74EZPE', id: b, lifecycle_rule: [], logging: [], object_lock_configuration: [], object_lock_enabled: false, policy: '', region: u.region, replication_configuration: [], request_payer: 'BucketOwner', server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: u.kmsArn, sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }] }], tags: t, tags_all: t, timeouts: null, versioning: [{ enabled: true, mfa_delete: false }], website: [], website_domain: null, website_endpoint: null };
  },
};
T.aws_s3_bucket_policy = {
  p: 'aws', sv: 0, c: ['id'], rep: ['bucket'], upd: ['policy'],
  mut: { policy: (r, v, u, s) => policyJson(new Rng(hash(s.seed, 78)), u, `arn:aws:s3:::${bucketName(u, s)}`, { statements: 2, extra: true }) },
  gen(r, u, s) {
    const b = bucketName(u, s);
    return { bucket: b, id: b, policy: policyJson(new Rng(hash(s.seed, 78)), u, `arn:aws:s3:::${b}`, { statements: 2 }) };
  },
};
T.aws_s3_bucket_public_access_block = {
  p: 'aws', sv: 0, c: ['id'], rep: ['bucket'], upd: ['block_public_policy', 'restrict_public_buckets'],
  gen(r, u, s) { const b = bucketName(u, s); return { block_public_acls: true, block_public_policy: true, bucket: b, id: b, ignore_public_acls: true, restrict_public_buckets: true }; },
};
T.aws_s3_bucket_server_side_encryption_configuration = {
  p: 'aws', sv: 0, c: ['id'], rep: ['bucket', 'expected_bucket_owner'], upd: [['rule', 0, 'bucket_key_enabled']],
  gen(r, u, s) { const b = bucketName(u, s); return { bucket: b, expected_bucket_owner: '', id: b, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: u.kmsArn, sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }] }; },
};
T.aws_s3_bucket_versioning = {
  p: 'aws', sv: 0, c: ['id'], rep: ['bucket', 'expected_bucket_owner'], upd: [['versioning_configuration', 0, 'status']],
  mut: { status: (r, v) => (v === 'Enabled' ? 'Suspended' : 'Enabled') },
  gen(r, u, s) { const b = bucketName(u, s); return { bucket: b, expected_bucket_owner: '', id: b, mfa: null, versioning_configuration: [{ mfa_delete: '', status: 'Enabled' }] }; },
};
T.aws_ebs_volume = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'tags_all'], rep: ['availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id'], upd: ['size', 'iops', 'throughput', 'tags'],
  mut: { size: (r, v) => v * 2, iops: (r, v) => v + 1000, throughput: (r, v) => v + 125, snapshot_id: (r) => `snap-0${r.hex(16)}` },
  gen(r, u, s) {
    const id = `vol-${r.hex(17)}`, t = awsTags(u, `${u.prefix}-data-${s.i}`);
    return { arn: `arn:aws:ec2:${u.region}:${u.account}:volume/${id}`, availability_zone: azOf(u, s.i), encrypted: true, final_snapshot: false, id, iops: 3000, kms_key_id: u.kmsArn, multi_attach_enabled: false, outpost_arn: '', size: r.pick([50, 100, 200, 500, 1000]), snapshot_id: '', tags: t, tags_all: t, throughput: 125, timeouts: null, type: 'gp3' };
  },
};
T.aws_volume_attachment = {
  p: 'aws', sv: 0, c: ['id'], rep: ['device_name', 'instance_id', 'volume_id'], upd: ['stop_instance_before_detaching'],
  mut: { stop_instance_before_detaching: () => true },
  gen(r, u, s) { return { device_name: '/dev/sdf', force_detach: null, id: `vai-${r.digits(10)}`, instance_id: `i-${r.hex(17)}`, skip_destroy: null, stop_instance_before_detaching: null, timeouts: null, volume_id: `vol-${r.hex(17)}` }; },
};
T.aws_instance = {
  p: 'aws', sv: 1,
  c: ['arn', 'capacity_reservation_specification', 'cpu_core_count', 'cpu_threads_per_core', 'id', 'instance_lifecycle', 'instance_state', 'ipv6_address_count', 'ipv6_addresses', 'outpost_arn', 'password_data', 'placement_group', 'primary_network_interface_id', 'private_dns', 'private_ip', 'public_dns', 'public_ip', 'spot_instance_request_id', 'tags_all', 'tenancy'],
  rep: ['ami', 'ami', 'availability_zone', 'subnet_id', 'user_data'], upd: ['instance_type', 'tags', 'tags', 'monitoring', 'vpc_security_group_ids'],
  mut: { ami: (r) => `ami-0${r.hex(16)}`, user_data: (r) => r.hex(40), vpc_security_group_ids: (r, v) => [...v, `sg-${r.hex(17)}`].sort() },
  gen(r, u, s) {
    const id = `i-0${r.hex(16)}`, pip = `${u.cidrPrefix}.${(s.i % 3) * 16 + r.range(0, 15)}.${r.range(1, 254)}`, t = awsTags(u, `${u.prefix}-${s.i}`);
    return { ami: u.amiId, arn: `arn:aws:ec2:${u.region}:${u.account}:instance/${id}`, associate_public_ip_address: false, availability_zone: azOf(u, s.i), capacity_reservation_specification: [{ capacity_reservation_preference: 'open', capacity_reservation_target: [] }], cpu_core_count: 2, cpu_options: [{ amd_sev_snp: '', core_count: 2, threads_per_core: 2 }], cpu_threads_per_core: 2, credit_specification: [], disable_api_stop: false, disable_api_termination: false, ebs_block_device: [], ebs_optimized: true, enable_primary_ipv6: null, enclave_options: [{ enabled: false }], ephemeral_block_device: [], get_password_data: false, hibernation: false, host_id: '', host_resource_group_arn: null, iam_instance_profile: `${u.prefix}-profile`, id, instance_initiated_shutdown_behavior: 'stop', instance_lifecycle: '', instance_market_options: [], instance_state: 'running', instance_type: r.pick(['c6i.large', 'm6i.large', 'm6i.xlarge', 'm7g.large', 'r6i.large', 't3.medium']), ipv6_address_count: 0, ipv6_addresses: [], key_name: '', launch_template: [], maintenance_options: [{ auto_recovery: 'default' }], metadata_options: [{ http_endpoint: 'enabled', http_protocol_ipv6: 'disabled', http_put_response_hop_limit: 2, http_tokens: 'required', instance_metadata_tags: 'disabled' }], monitoring: true, network_interface: [], outpost_arn: '', password_data: '', placement_group: '', placement_partition_number: 0, primary_network_interface_id: `eni-0${r.hex(16)}`, private_dns: `ip-${pip.replaceAll('.', '-')}.${u.region}.compute.internal`, private_dns_name_options: [{ enable_resource_name_dns_a_record: false, enable_resource_name_dns_aaaa_record: false, hostname_type: 'ip-name' }], private_ip: pip, public_dns: '', public_ip: '', root_block_device: [{ delete_on_termination: true, device_name: '/dev/xvda', encrypted: true, iops: 3000, kms_key_id: u.kmsArn, tags: {}, tags_all: {}, throughput: 125, volume_id: `vol-0${r.hex(16)}`, volume_size: 50, volume_type: 'gp3' }], secondary_private_ips: [], security_groups: [], source_dest_check: true, spot_instance_request_id: '', subnet_id: u.subnetIds[s.i % 3], tags: t, tags_all: t, tenancy: 'default', timeouts: null, user_data: u.userDataHash, user_data_base64: null, user_data_replace_on_change: false, volume_tags: null, vpc_security_group_ids: [u.sgId] };
  },
};
T.aws_route53_record = {
  p: 'aws', sv: 2, c: ['fqdn', 'id'], rep: ['name', 'type', 'zone_id'], upd: ['records', 'ttl'],
  mut: { records: (r) => [`10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`], ttl: (r, v) => (v === 300 ? 60 : 300) },
  gen(r, u, s) {
    const fqdn = `${s.key ?? s.name}.${u.domain}.${u.env}.example.com`;
    return { alias: [], allow_overwrite: null, cidr_routing_policy: [], failover_routing_policy: [], fqdn, geolocation_routing_policy: [], geoproximity_routing_policy: [], health_check_id: '', id: `${u.zoneId}_${fqdn}_A`, latency_routing_policy: [], multivalue_answer_routing_policy: false, name: fqdn, records: [`10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`], set_identifier: '', timeouts: null, ttl: 300, type: 'A', weighted_routing_policy: [], zone_id: u.zoneId };
  },
};
T.aws_route53_zone = {
  p: 'aws', sv: 0, c: ['arn', 'id', 'name_servers', 'primary_name_server', 'tags_all', 'zone_id'], rep: ['name'], upd: ['comment', 'tags'],
  mut: { comment: (r) => `updated ${r.hex(6)}` },
  gen(r, u) {
    const ns = [`ns-${r.range(1, 2000)}.awsdns-${r.range(10, 63)}.org`, `ns-${r.range(1, 2000)}.awsdns-${r.range(10, 63)}.co.uk`, `ns-${r.range(1, 500)}.awsdns-${r.range(10, 63)}.com`, `ns-${r.range(500, 1000)}.awsdns-${r.range(10, 63)}.net`], t = awsTags(u, 'zone');
    return { arn: `arn:aws:route53:::hostedzone/${u.zoneId}`, comment: 'Managed by Terraform', delegation_set_id: '', force_destroy: false, id: u.zoneId, name: `${u.env}.example.com`, name_servers: ns, primary_name_server: ns[0], tags: t, tags_all: t, vpc: [], zone_id: u.zoneId };
  },
};
T.aws_dynamodb_table = {
  p: 'aws', sv: 1, c: ['arn', 'id', 'stream_arn', 'stream_label', 'tags_all'], rep: ['name', 'hash_key', 'range_key'], upd: ['tags', 'deletion_protection_enabled', ['point_in_time_recovery', 0, 'enabled'], ['ttl', 0, 'enabled']],
  gen(r, u, s) {
    const name = `${u.prefix}-${s.key ?? s.name}`, t = awsTags(u, name), arn = `arn:aws:dynamodb:${u.region}:${u.account}:table/${name}`;
    return { arn, attribute: [{ name: 'gsi1pk', type: 'S' }, { name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }], billing_mode: 'PAY_PER_REQUEST', deletion_protection_enabled: r.chance(0.6), global_secondary_index: [{ hash_key: 'gsi1pk', name: 'gsi1', non_key_attributes: [], on_demand_throughput: [], projection_type: 'ALL', range_key: 'sk', read_capacity: 0, write_capacity: 0 }], hash_key: 'pk', id: name, import_table: [], local_secondary_index: [], name, on_demand_throughput: [], point_in_time_recovery: [{ enabled: true, recovery_period_in_days: 35 }], range_key: 'sk', read_capacity: 0, replica: [], restore_date_time: null, restore_source_name: null, restore_source_table_arn: null, restore_to_latest_time: null, server_side_encryption: [{ enabled: true, kms_key_arn: u.kmsArn }], stream_arn: '', stream_enabled: false, stream_label: '', stream_view_type: '', table_class: 'STANDARD', tags: t, tags_all: t, timeouts: null, ttl: [{ attribute_name: 'expires_at', enabled: true }], write_capacity: 0 };
  },
};

// --- Google ---
T.google_compute_instance = {
  p: 'google', sv: 6, c: ['cpu_platform', 'current_status', 'effective_labels', 'id', 'instance_id', 'label_fingerprint', 'metadata_fingerprint', 'self_link', 'tags_fingerprint', 'terraform_labels'],
  sens: [['boot_disk', 0, 'disk_encryption_key_raw']], rep: ['zone', 'name', ['boot_disk', 0, 'initialize_params', 0, 'image']],
  upd: ['machine_type', 'labels', 'labels', 'metadata', 'tags'],
  mut: { image: (r) => `projects/debian-cloud/global/images/debian-12-bookworm-v2025${r.range(1000, 1231)}`, metadata: (r, v) => ({ ...v, 'startup-script-hash': r.hex(12) }), tags: (r, v) => [...v, 'http-server'].sort() },
  gen(r, u, s) {
    const name = `${u.prefix}-${s.i}`.slice(0, 63), zone = `${u.region}-${'abc'[s.i % 3]}`, l = gLabels(u);
    const self = `https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${zone}/instances/${name}`;
    return { advanced_machine_features: [], allow_stopping_for_update: true, attached_disk: [{ device_name: 'data', disk_encryption_key_raw: '', disk_encryption_key_sha256: '', kms_key_self_link: '', mode: 'READ_WRITE', source: `https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${zone}/disks/${name}-data` }], boot_disk: [{ auto_delete: true, device_name: 'persistent-disk-0', disk_encryption_key_raw: '', disk_encryption_key_sha256: '', guest_os_features: [], initialize_params: [{ enable_confidential_compute: false, image: u.gceImage, labels: {}, provisioned_iops: 0, provisioned_throughput: 0, resource_manager_tags: null, resource_policies: [], size: 50, storage_pool: '', type: 'pd-balanced' }], interface: '', kms_key_self_link: '', mode: 'READ_WRITE', source: `https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${zone}/disks/${name}` }], can_ip_forward: false, confidential_instance_config: [], cpu_platform: 'Intel Cascade Lake', current_status: 'RUNNING', deletion_protection: false, description: '', desired_status: null, effective_labels: gEffective(l), enable_display: false, guest_accelerator: [], hostname: '', id: `projects/${u.project}/zones/${zone}/instances/${name}`, instance_id: r.digits(19), key_revocation_action_type: '', label_fingerprint: r.b64(11) + '=', labels: l, machine_type: r.pick(['e2-standard-2', 'e2-standard-4', 'n2-standard-4', 'n2d-standard-8']), metadata: { 'enable-oslogin': 'TRUE' }, metadata_fingerprint: r.b64(11) + '=', metadata_startup_script: null, min_cpu_platform: '', name, network_interface: [{ access_config: [], alias_ip_range: [], internal_ipv6_prefix_length: 0, ipv6_access_config: [], ipv6_access_type: '', ipv6_address: '', name: 'nic0', network: `https://www.googleapis.com/compute/v1/projects/${u.project}/global/networks/${u.env}-vpc`, network_attachment: '', network_ip: `10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(2, 254)}`, nic_type: '', queue_count: 0, stack_type: 'IPV4_ONLY', subnetwork: `https://www.googleapis.com/compute/v1/projects/${u.project}/regions/${u.region}/subnetworks/${u.env}-${u.region}`, subnetwork_project: u.project }], network_performance_config: [], params: [], project: u.project, reservation_affinity: [], resource_policies: [], scheduling: [{ automatic_restart: true, availability_domain: 0, instance_termination_action: '', local_ssd_recovery_timeout: [], max_run_duration: [], min_node_cpus: 0, node_affinities: [], on_host_maintenance: 'MIGRATE', on_instance_stop_action: [], preemptible: false, provisioning_model: 'STANDARD' }], scratch_disk: [], self_link: self, service_account: [{ email: u.gsaEmail, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }], shielded_instance_config: [{ enable_integrity_monitoring: true, enable_secure_boot: true, enable_vtpm: true }], tags: ['allow-health-checks', 'ssh'], tags_fingerprint: r.b64(11) + '=', terraform_labels: { ...l, 'goog-terraform-provisioned': 'true' }, timeouts: null, zone };
  },
};
// terraform_labels above is rebuilt sorted in fixGoogleLabels()
T.google_compute_disk = {
  p: 'google', sv: 0, c: ['creation_timestamp', 'disk_id', 'effective_labels', 'id', 'label_fingerprint', 'last_attach_timestamp', 'self_link', 'terraform_labels', 'users'],
  rep: ['name', 'type', 'zone', 'snapshot'], upd: ['size', 'labels'],
  mut: { size: (r, v) => v * 2 },
  gen(r, u, s) {
    const name = `${u.prefix}-${s.i}-data`.slice(0, 63), zone = `${u.region}-${'abc'[s.i % 3]}`, l = gLabels(u);
    return { access_mode: '', async_primary_disk: [], creation_timestamp: '2024-11-0' + r.range(1, 9) + 'T10:1' + r.range(0, 9) + ':44.512-08:00', description: '', disk_encryption_key: [], disk_id: r.digits(19), effective_labels: gEffective(l), enable_confidential_compute: false, guest_os_features: [], id: `projects/${u.project}/zones/${zone}/disks/${name}`, image: '', label_fingerprint: r.b64(11) + '=', labels: l, last_attach_timestamp: '2024-11-0' + r.range(1, 9) + 'T10:2' + r.range(0, 9) + ':01.137-08:00', last_detach_timestamp: '', licenses: [], name, physical_block_size_bytes: 4096, project: u.project, provisioned_iops: 0, provisioned_throughput: 0, self_link: `https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${zone}/disks/${name}`, size: r.pick([100, 200, 500]), snapshot: '', source_disk: '', source_disk_id: '', source_image_encryption_key: [], source_image_id: '', source_snapshot_encryption_key: [], source_snapshot_id: '', storage_pool: '', terraform_labels: null, timeouts: null, type: 'pd-ssd', users: [`https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${zone}/instances/${u.prefix}-${s.i}`], zone };
  },
};
T.google_compute_firewall = {
  p: 'google', sv: 1, c: ['creation_timestamp', 'id', 'self_link'], rep: ['name', 'network', 'direction'], upd: ['source_ranges', 'priority'],
  mut: { source_ranges: (r, v) => (v[0] === '0.0.0.0/0' ? ['10.0.0.0/8'] : ['0.0.0.0/0']), priority: (r, v) => v + 10 },
  gen(r, u, s) {
    const name = `${u.prefix}-${s.key ?? s.name}`.slice(0, 63), k = s.key ?? '';
    const ranges = k === 'allow-health-checks' ? ['130.211.0.0/22', '35.191.0.0/16'] : k === 'allow-iap-ssh' ? ['35.235.240.0/20'] : k === 'allow-https' ? ['0.0.0.0/0'] : ['10.0.0.0/8'];
    return { allow: [{ ports: k === 'allow-iap-ssh' ? ['22'] : ['443', '8080'], protocol: 'tcp' }], creation_timestamp: '2024-10-1' + r.range(0, 9) + 'T03:12:09.882-07:00', deny: [], description: '', destination_ranges: [], direction: 'INGRESS', disabled: false, enable_logging: null, id: `projects/${u.project}/global/firewalls/${name}`, log_config: [], name, network: `https://www.googleapis.com/compute/v1/projects/${u.project}/global/networks/${u.env}-vpc`, priority: 1000, project: u.project, self_link: `https://www.googleapis.com/compute/v1/projects/${u.project}/global/firewalls/${name}`, source_ranges: ranges, source_service_accounts: [], source_tags: [], target_service_accounts: [], target_tags: [k === 'allow-iap-ssh' ? 'ssh' : 'allow-health-checks'], timeouts: null };
  },
};
T.google_service_account = {
  p: 'google', sv: 0, c: ['email', 'id', 'member', 'name', 'unique_id'], rep: ['account_id', 'project'], upd: ['display_name', 'description'],
  mut: { display_name: (r, v) => `${v} (managed)`, description: (r) => `rotated ${r.hex(6)}` },
  gen(r, u, s) {
    const acct = `${u.prefix}-${s.name}`.slice(0, 30).replace(/-+$/, ''), email = `${acct}@${u.project}.iam.gserviceaccount.com`;
    return { account_id: acct, create_ignore_already_exists: null, description: '', disabled: false, display_name: `${u.service} ${s.name}`, email, id: `projects/${u.project}/serviceAccounts/${email}`, member: `serviceAccount:${email}`, name: `projects/${u.project}/serviceAccounts/${email}`, project: u.project, timeouts: null, unique_id: r.digits(21) };
  },
};
T.google_container_cluster = {
  p: 'google', sv: 2, c: ['effective_labels', 'endpoint', 'id', 'label_fingerprint', 'master_version', 'self_link', 'services_ipv4_cidr', 'terraform_labels'],
  sens: [['master_auth', 0, 'client_key']], rep: ['name', 'location', 'network', ['private_cluster_config', 0, 'enable_private_nodes']],
  upd: ['min_master_version', 'deletion_protection', 'resource_labels'],
  mut: { min_master_version: (r) => r.pick(['1.31', '1.32']), resource_labels: (r, v) => ({ ...v, git_commit: r.hex(7) }), enable_private_nodes: (r, v) => !v },
  gen(r, u) {
    const name = u.prefix.slice(0, 40), l = gLabels(u);
    return { addons_config: [{ cloudrun_config: [], config_connector_config: [], dns_cache_config: [{ enabled: true }], gce_persistent_disk_csi_driver_config: [{ enabled: true }], gcp_filestore_csi_driver_config: [], gcs_fuse_csi_driver_config: [], gke_backup_agent_config: [], horizontal_pod_autoscaling: [], http_load_balancing: [], network_policy_config: [{ disabled: true }], parallelstore_csi_driver_config: [], ray_operator_config: [], stateful_ha_config: [] }], binary_authorization: [], cluster_ipv4_cidr: `10.${r.range(64, 127)}.0.0/14`, database_encryption: [{ key_name: '', state: 'DECRYPTED' }], datapath_provider: 'ADVANCED_DATAPATH', deletion_protection: true, description: '', effective_labels: gEffective(l), enable_autopilot: false, enable_shielded_nodes: true, endpoint: `34.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`, id: `projects/${u.project}/locations/${u.region}/clusters/${name}`, initial_node_count: 1, ip_allocation_policy: [{ additional_pod_ranges_config: [], cluster_ipv4_cidr_block: `10.${r.range(64, 127)}.0.0/14`, cluster_secondary_range_name: 'pods', pod_cidr_overprovision_config: [{ disabled: false }], services_ipv4_cidr_block: `10.${r.range(128, 160)}.0.0/20`, services_secondary_range_name: 'services', stack_type: 'IPV4' }], label_fingerprint: r.hex(8), location: u.region, logging_service: 'logging.googleapis.com/kubernetes', master_auth: [{ client_certificate: '', client_certificate_config: [{ issue_client_certificate: false }], client_key: '', cluster_ca_certificate: r.b64(160) }], master_version: '1.30.5-gke.1014001', min_master_version: null, monitoring_service: 'monitoring.googleapis.com/kubernetes', name, network: `projects/${u.project}/global/networks/${u.env}-vpc`, networking_mode: 'VPC_NATIVE', node_locations: [`${u.region}-a`, `${u.region}-b`, `${u.region}-c`], node_version: '1.30.5-gke.1014001', operation: null, private_cluster_config: [{ enable_private_endpoint: false, enable_private_nodes: true, master_global_access_config: [{ enabled: false }], master_ipv4_cidr_block: '172.16.0.0/28', peering_name: `gke-n${r.hex(16)}-peer`, private_endpoint: `172.16.0.${r.range(2, 14)}`, private_endpoint_subnetwork: '', public_endpoint: `34.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}` }], project: u.project, release_channel: [{ channel: 'REGULAR' }], remove_default_node_pool: true, resource_labels: l, self_link: `https://container.googleapis.com/v1/projects/${u.project}/locations/${u.region}/clusters/${name}`, services_ipv4_cidr: `10.${r.range(128, 160)}.0.0/20`, subnetwork: `projects/${u.project}/regions/${u.region}/subnetworks/${u.env}-${u.region}`, terraform_labels: null, timeouts: null, workload_identity_config: [{ workload_pool: `${u.project}.svc.id.goog` }] };
  },
};
T.google_container_node_pool = {
  p: 'google', sv: 1, c: ['id', 'instance_group_urls', 'managed_instance_group_urls', 'operation'], rep: ['name', 'cluster', 'location', ['node_config', 0, 'machine_type']],
  upd: ['node_count', 'version', ['autoscaling', 0, 'max_node_count']],
  mut: { node_count: (r, v) => v + 1, version: (r) => `1.31.${r.range(1, 6)}-gke.${r.range(1000, 1999)}000`, max_node_count: (r, v) => v * 2, machine_type: (r, v) => (v === 'e2-standard-8' ? 'n2-standard-8' : 'e2-standard-8') },
  gen(r, u, s) {
    const name = s.key ?? s.name, cl = u.prefix.slice(0, 40);
    const igm = ['a', 'b', 'c'].map((z) => `https://www.googleapis.com/compute/v1/projects/${u.project}/zones/${u.region}-${z}/instanceGroupManagers/gke-${cl.slice(0, 16)}-${name}-${r.hex(8)}-grp`);
    return { autoscaling: [{ location_policy: 'BALANCED', max_node_count: 10, min_node_count: 1, total_max_node_count: 0, total_min_node_count: 0 }], cluster: cl, id: `projects/${u.project}/locations/${u.region}/clusters/${cl}/nodePools/${name}`, initial_node_count: 1, instance_group_urls: igm, location: u.region, managed_instance_group_urls: igm.map((x) => x.replace('instanceGroupManagers', 'instanceGroups')), management: [{ auto_repair: true, auto_upgrade: true }], max_pods_per_node: 110, name, name_prefix: '', network_config: [], node_config: [{ advanced_machine_features: [], boot_disk_kms_key: '', confidential_nodes: [], disk_size_gb: 100, disk_type: 'pd-balanced', effective_taints: [], enable_confidential_storage: false, ephemeral_storage_local_ssd_config: [], gcfs_config: [], guest_accelerator: [], gvnic: [], host_maintenance_policy: [], image_type: 'COS_CONTAINERD', kubelet_config: [], labels: { pool: name }, linux_node_config: [], local_nvme_ssd_block_config: [], local_ssd_count: 0, logging_variant: 'DEFAULT', machine_type: 'e2-standard-8', metadata: { 'disable-legacy-endpoints': 'true' }, min_cpu_platform: '', node_group: '', oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'], preemptible: false, reservation_affinity: [], resource_labels: {}, resource_manager_tags: {}, secondary_boot_disks: [], service_account: u.gsaEmail, shielded_instance_config: [{ enable_integrity_monitoring: true, enable_secure_boot: true }], sole_tenant_config: [], spot: name === 'spot', storage_pools: [], tags: ['gke-node'], taint: [], workload_metadata_config: [{ mode: 'GKE_METADATA' }] }], node_count: r.range(1, 5), node_locations: [`${u.region}-a`, `${u.region}-b`, `${u.region}-c`], operation: null, placement_policy: [], project: u.project, queued_provisioning: [], timeouts: null, upgrade_settings: [{ blue_green_settings: [], max_surge: 1, max_unavailable: 0, strategy: 'SURGE' }], version: '1.30.5-gke.1014001' };
  },
};
T.google_project_iam_member = {
  p: 'google', sv: 0, c: ['etag', 'id'], rep: ['member', 'project', 'role'], upd: [],
  gen(r, u, s) {
    const member = `serviceAccount:${u.gsaEmail}`, role = s.key ?? 'roles/viewer';
    return { condition: [], etag: `BwY${r.b64(9)}=`, id: `${u.project}/${role}/${member}`, member, project: u.project, role };
  },
};
T.google_sql_database_instance = {
  p: 'google', sv: 0, c: ['available_maintenance_versions', 'connection_name', 'dns_name', 'first_ip_address', 'id', 'ip_address', 'maintenance_version', 'private_ip_address', 'psc_service_attachment_link', 'public_ip_address', 'self_link', 'server_ca_cert', 'service_account_email_address'],
  sens: ['root_password'], rep: ['name', 'region', 'encryption_key_name'],
  upd: [['settings', 0, 'tier'], ['settings', 0, 'disk_size'], 'deletion_protection', ['settings', 0, 'user_labels']],
  mut: { tier: (r, v) => (v === 'db-custom-4-16384' ? 'db-custom-8-32768' : 'db-custom-4-16384'), disk_size: (r, v) => v * 2, user_labels: (r, v) => ({ ...v, git_commit: r.hex(7) }) },
  gen(r, u, s) {
    const name = `${u.prefix}-pg`.slice(0, 80), ip = `10.${r.range(100, 120)}.${r.range(0, 255)}.${r.range(2, 254)}`, l = gLabels(u);
    return { available_maintenance_versions: [], clone: [], connection_name: `${u.project}:${u.region}:${name}`, database_version: 'POSTGRES_15', deletion_protection: true, dns_name: '', encryption_key_name: null, first_ip_address: ip, id: name, instance_type: 'CLOUD_SQL_INSTANCE', ip_address: [{ ip_address: ip, time_to_retire: '', type: 'PRIVATE' }], maintenance_version: 'POSTGRES_15_8.R20240910.01_02', master_instance_name: '', name, private_ip_address: ip, project: u.project, psc_service_attachment_link: '', public_ip_address: '', region: u.region, replica_configuration: [], replica_names: [], replication_cluster: [], restore_backup_context: [], root_password: secret(s), self_link: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${u.project}/instances/${name}`, server_ca_cert: [{ cert: pem(r), common_name: `C=US,O=Google\\, Inc,CN=Google Cloud SQL Server CA,dnQualifier=${r.uuid()}`, create_time: '2024-09-12T08:14:02.512Z', expiration_time: '2034-09-10T08:15:02.512Z', sha1_fingerprint: r.hex(40) }], service_account_email_address: `p${r.digits(12)}-${r.b64(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}@gcp-sa-cloud-sql.iam.gserviceaccount.com`, settings: [{ activation_policy: 'ALWAYS', active_directory_config: [], advanced_machine_features: [], availability_type: 'REGIONAL', backup_configuration: [{ backup_retention_settings: [{ retained_backups: 7, retention_unit: 'COUNT' }], binary_log_enabled: false, enabled: true, location: '', point_in_time_recovery_enabled: true, start_time: '02:00', transaction_log_retention_days: 7 }], collation: '', connector_enforcement: 'NOT_REQUIRED', data_cache_config: [], database_flags: [{ name: 'log_min_duration_statement', value: '500' }], deletion_protection_enabled: false, deny_maintenance_period: [], disk_autoresize: true, disk_autoresize_limit: 0, disk_size: 100, disk_type: 'PD_SSD', edition: 'ENTERPRISE', enable_dataplex_integration: false, enable_google_ml_integration: false, insights_config: [], ip_configuration: [{ allocated_ip_range: '', authorized_networks: [], enable_private_path_for_google_cloud_services: false, ipv4_enabled: false, private_network: `projects/${u.project}/global/networks/${u.env}-vpc`, psc_config: [], server_ca_mode: 'GOOGLE_MANAGED_INTERNAL_CA', server_ca_pool: '', ssl_mode: 'ENCRYPTED_ONLY' }], location_preference: [{ follow_gae_application: '', secondary_zone: '', zone: `${u.region}-b` }], maintenance_window: [{ day: 7, hour: 3, update_track: 'stable' }], password_validation_policy: [], pricing_plan: 'PER_USE', sql_server_audit_config: [], tier: 'db-custom-4-16384', time_zone: '', user_labels: l, version: r.range(3, 40) }], timeouts: null };
  },
};
T.google_sql_database = {
  p: 'google', sv: 0, c: ['id', 'self_link'], rep: ['name', 'instance'], upd: ['deletion_policy'],
  mut: { deletion_policy: (r, v) => (v === 'DELETE' ? 'ABANDON' : 'DELETE') },
  gen(r, u, s) {
    const inst = `${u.prefix}-pg`.slice(0, 80), name = s.key ?? s.name;
    return { charset: 'UTF8', collation: 'en_US.UTF8', deletion_policy: 'DELETE', id: `projects/${u.project}/instances/${inst}/databases/${name}`, instance: inst, name, project: u.project, self_link: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${u.project}/instances/${inst}/databases/${name}`, timeouts: null };
  },
};
T.google_sql_user = {
  p: 'google', sv: 1, c: ['id', 'sql_server_user_details'], sens: ['password'], rep: ['name', 'instance'], upd: ['password'],
  mut: { password: (r, v, u, s) => `bench-secret-${s.ord}-rotated` },
  gen(r, u, s) {
    const inst = `${u.prefix}-pg`.slice(0, 80);
    return { deletion_policy: null, host: '', id: `app//${inst}`, instance: inst, name: 'app', password: secret(s), password_policy: [], password_wo: null, password_wo_version: null, project: u.project, sql_server_user_details: [], timeouts: null, type: '' };
  },
};
T.google_storage_bucket = {
  p: 'google', sv: 3, c: ['effective_labels', 'id', 'project_number', 'self_link', 'terraform_labels', 'url'], rep: ['name', 'location', 'project'], upd: ['labels', 'force_destroy', ['versioning', 0, 'enabled']],
  mut: { location: (r, v) => (v === 'EU' ? 'US' : 'EU') },
  gen(r, u, s) {
    const name = `${u.org}-${u.prefix}-${s.name}`.slice(0, 63), l = gLabels(u);
    return { autoclass: [], cors: [], custom_placement_config: [], default_event_based_hold: false, effective_labels: gEffective(l), enable_object_retention: false, encryption: [], force_destroy: false, hierarchical_namespace: [{ enabled: false }], id: name, labels: l, lifecycle_rule: [{ action: [{ storage_class: '', type: 'Delete' }], condition: [{ age: 30, created_before: '', custom_time_before: '', days_since_custom_time: 0, days_since_noncurrent_time: 0, matches_prefix: [], matches_storage_class: [], matches_suffix: [], noncurrent_time_before: '', num_newer_versions: 0, send_age_if_zero: false, send_days_since_custom_time_if_zero: false, send_days_since_noncurrent_time_if_zero: false, send_num_newer_versions_if_zero: false, with_state: 'ANY' }] }], location: u.region.toUpperCase(), logging: [], name, project: u.project, project_number: Number(r.digits(12)), public_access_prevention: 'enforced', requester_pays: false, retention_policy: [], rpo: null, self_link: `https://www.googleapis.com/storage/v1/b/${name}`, soft_delete_policy: [{ effective_time: '2024-09-12T08:14:02.512Z', retention_duration_seconds: 604800 }], storage_class: 'STANDARD', terraform_labels: null, timeouts: null, uniform_bucket_level_access: true, url: `gs://${name}`, versioning: [{ enabled: true }], website: [] };
  },
};

// --- Data sources (mode "data"); c = attributes unknown when the read is deferred to apply ---
T['data.aws_iam_policy_document'] = {
  p: 'aws', sv: 0, c: ['id', 'json', 'minified_json'],
  gen(r, u, s) {
    const assume = s.name === 'assume';
    const st = assume
      ? [{ actions: ['sts:AssumeRole'], condition: [], effect: 'Allow', not_actions: [], not_principals: [], not_resources: [], principals: [{ identifiers: ['ecs-tasks.amazonaws.com'], type: 'Service' }], resources: [], sid: '' }]
      : [{ actions: r.subset(IAM_ACTIONS, 4), condition: [], effect: 'Allow', not_actions: [], not_principals: [], not_resources: [], principals: [], resources: [`arn:aws:s3:::${u.org}-${u.prefix}-${s.key ?? 'data'}`, `arn:aws:s3:::${u.org}-${u.prefix}-${s.key ?? 'data'}/*`], sid: 'AppAccess' }];
    const doc = { Version: '2012-10-17', Statement: st.map((x) => ({ Sid: x.sid || undefined, Effect: 'Allow', Action: x.actions.length === 1 ? x.actions[0] : x.actions, Resource: x.resources.length ? x.resources : undefined, Principal: x.principals.length ? { Service: x.principals[0].identifiers[0] } : undefined })) };
    return { id: r.digits(10), json: JSON.stringify(doc, null, 2), minified_json: JSON.stringify(doc), override_policy_documents: null, policy_id: null, source_policy_documents: null, statement: st, version: '2012-10-17' };
  },
};
T['data.aws_ami'] = {
  p: 'aws', sv: 0, c: ['architecture', 'arn', 'block_device_mappings', 'boot_mode', 'creation_date', 'deprecation_time', 'description', 'ena_support', 'hypervisor', 'id', 'image_id', 'image_location', 'image_owner_alias', 'image_type', 'imds_support', 'kernel_id', 'last_launched_time', 'name', 'owner_id', 'platform', 'platform_details', 'product_codes', 'public', 'ramdisk_id', 'root_device_name', 'root_device_type', 'root_snapshot_id', 'sriov_net_support', 'state', 'state_reason', 'tags', 'tpm_support', 'usage_operation', 'virtualization_type'],
  gen(r, u) {
    const name = `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-2025${r.range(1000, 1231)}`, snap = `snap-0${r.hex(16)}`;
    return { architecture: 'x86_64', arn: `arn:aws:ec2:${u.region}::image/${u.amiId}`, block_device_mappings: [{ device_name: '/dev/sda1', ebs: { delete_on_termination: 'true', encrypted: 'false', iops: '0', snapshot_id: snap, throughput: '0', volume_size: '8', volume_type: 'gp3' }, no_device: '', virtual_name: '' }, { device_name: '/dev/sdb', ebs: {}, no_device: '', virtual_name: 'ephemeral0' }], boot_mode: 'uefi-preferred', creation_date: '2025-05-1' + r.range(0, 9) + 'T08:21:44.000Z', deprecation_time: '2027-05-1' + r.range(0, 9) + 'T08:21:44.000Z', description: 'Canonical, Ubuntu, 24.04, amd64 noble image', ena_support: true, executable_users: null, filter: [{ name: 'name', values: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*'] }, { name: 'virtualization-type', values: ['hvm'] }], hypervisor: 'xen', id: u.amiId, image_id: u.amiId, image_location: `amazon/${name}`, image_owner_alias: 'amazon', image_type: 'machine', imds_support: '', include_deprecated: false, kernel_id: '', last_launched_time: '', most_recent: true, name, name_regex: null, owner_id: '099720109477', owners: ['099720109477'], platform: '', platform_details: 'Linux/UNIX', product_codes: [], public: true, ramdisk_id: '', root_device_name: '/dev/sda1', root_device_type: 'ebs', root_snapshot_id: snap, sriov_net_support: 'simple', state: 'available', state_reason: { code: 'UNSET', message: 'UNSET' }, tags: {}, timeouts: null, tpm_support: '', uefi_data: null, usage_operation: 'RunInstances', virtualization_type: 'hvm' };
  },
};
T['data.aws_route53_zone'] = {
  p: 'aws', sv: 0, c: ['arn', 'caller_reference', 'comment', 'id', 'linked_service_description', 'linked_service_principal', 'name_servers', 'primary_name_server', 'resource_record_set_count', 'tags', 'zone_id'],
  gen(r, u) {
    const ns = [`ns-${r.range(1, 2000)}.awsdns-${r.range(10, 63)}.org`, `ns-${r.range(1, 500)}.awsdns-${r.range(10, 63)}.com`];
    return { arn: `arn:aws:route53:::hostedzone/${u.zoneId}`, caller_reference: r.uuid(), comment: 'Managed by Terraform', id: u.zoneId, linked_service_description: '', linked_service_principal: '', name: `${u.env}.example.com`, name_servers: ns, primary_name_server: ns[0], private_zone: false, resource_record_set_count: r.range(10, 900), tags: {}, vpc_id: null, zone_id: u.zoneId };
  },
};
T['data.google_compute_image'] = {
  p: 'google', sv: 0, c: ['archive_size_bytes', 'creation_timestamp', 'description', 'disk_size_gb', 'id', 'image_encryption_key_sha256', 'image_id', 'label_fingerprint', 'labels', 'licenses', 'name', 'self_link', 'source_disk', 'source_disk_encryption_key_sha256', 'source_disk_id', 'source_image_id', 'status'],
  gen(r, u) {
    const name = u.gceImage.split('/').pop();
    return { archive_size_bytes: Number(r.digits(10)), creation_timestamp: '2025-05-13T13:06:42.183-07:00', description: 'Debian, Debian GNU/Linux, 12 (bookworm), amd64 built on 20250513', disk_size_gb: 10, family: 'debian-12', filter: null, id: `projects/debian-cloud/global/images/${name}`, image_encryption_key_sha256: '', image_id: r.digits(19), label_fingerprint: '42WmSpB8rSM=', labels: {}, licenses: ['https://www.googleapis.com/compute/v1/projects/debian-cloud/global/licenses/debian-12-bookworm'], most_recent: false, name, project: 'debian-cloud', self_link: `https://www.googleapis.com/compute/v1/${u.gceImage}`, source_disk: '', source_disk_encryption_key_sha256: '', source_disk_id: '', source_image_id: '', status: 'READY' };
  },
};
T['data.aws_caller_identity'] = {
  p: 'aws', sv: 0, c: ['account_id', 'arn', 'id', 'user_id'],
  gen(r, u) { return { account_id: u.account, arn: `arn:aws:sts::${u.account}:assumed-role/terraform-ci/atlantis`, id: u.account, user_id: `AROA${r.upper(17)}:atlantis` }; },
};
T['data.aws_region'] = {
  p: 'aws', sv: 0, c: ['description', 'endpoint', 'id'],
  gen(r, u) { return { description: REGION_NAMES[u.region] ?? u.region, endpoint: `ec2.${u.region}.amazonaws.com`, id: u.region, name: u.region }; },
};

// ---------------------------------------------------------------------------
// Module templates (what a real estate is made of)
// rep: 1 (single), ['count', 'az'|'n'|[min,max]], ['each', pool, min, max], ['each', 'shared']
// ---------------------------------------------------------------------------

const M = (type, name, rep = 1) => ({ type, name, rep });
const TEMPLATES = {
  network: { short: 'vpc', source: 'terraform-aws-modules/vpc/aws', version: '~> 5.8', weight: 3, cloud: 'aws', keyPool: 'regions', blocks: [
    M('aws_eip', 'nat', ['count', 'az']), M('aws_internet_gateway', 'this'), M('aws_nat_gateway', 'this', ['count', 'az']),
    M('aws_route', 'private_nat_gateway', ['count', 'az']), M('aws_route', 'public_internet_gateway'),
    M('aws_route_table', 'private', ['count', 'az']), M('aws_route_table', 'public'),
    M('aws_route_table_association', 'private', ['count', 'az']), M('aws_route_table_association', 'public', ['count', 'az']),
    M('aws_subnet', 'private', ['count', 'az']), M('aws_subnet', 'public', ['count', 'az']), M('aws_vpc', 'this')] },
  service: { short: 'svc', source: './modules/ecs-service', weight: 12, cloud: 'aws', keyPool: 'tenants', blocks: [
    M('aws_cloudwatch_log_group', 'this'), M('aws_ecs_service', 'this'), M('aws_ecs_task_definition', 'this'),
    M('aws_iam_policy', 'task'), M('aws_iam_role', 'execution'), M('aws_iam_role', 'task'),
    M('aws_iam_role_policy_attachment', 'execution'), M('aws_iam_role_policy_attachment', 'task'),
    M('aws_lb_target_group', 'this'), M('aws_security_group', 'this'), M('aws_security_group_rule', 'egress'),
    M('aws_security_group_rule', 'ingress', ['count', [1, 4]]), M('aws_ssm_parameter', 'config', ['each', 'configKeys', 1, 5]),
    M('data.aws_iam_policy_document', 'assume'), M('data.aws_iam_policy_document', 'task')] },
  aurora: { short: 'aurora', source: 'terraform-aws-modules/rds-aurora/aws', version: '~> 9.3', weight: 3, cloud: 'aws', keyPool: 'regions', blocks: [
    M('aws_db_subnet_group', 'this'), M('aws_rds_cluster', 'this'), M('aws_rds_cluster_instance', 'this', ['each', 'auroraInstances', 2, 3]),
    M('aws_security_group', 'this'), M('aws_security_group_rule', 'this', ['each', 'sgRules', 1, 3])] },
  rds: { short: 'db', source: './modules/rds-postgres', weight: 3, cloud: 'aws', keyPool: 'regions', blocks: [
    M('aws_db_instance', 'replica', ['count', [0, 2]]), M('aws_db_instance', 'this'), M('aws_db_parameter_group', 'this'), M('aws_db_subnet_group', 'this'),
    M('aws_kms_key', 'this'), M('aws_security_group_rule', 'ingress', ['count', [1, 3]]), M('aws_ssm_parameter', 'password')] },
  redis: { short: 'cache', source: './modules/redis', weight: 3, cloud: 'aws', keyPool: 'regions', blocks: [
    M('aws_elasticache_replication_group', 'this'), M('aws_elasticache_subnet_group', 'this'), M('aws_security_group', 'this'),
    M('aws_security_group_rule', 'ingress', ['count', [1, 2]])] },
  buckets: { short: 'storage', source: './modules/s3-buckets', weight: 14, cloud: 'aws', keyPool: 'regions', shared: ['buckets', 2, 6], blocks: [
    M('aws_kms_key', 'this'), M('aws_s3_bucket', 'this', ['each', 'shared']), M('aws_s3_bucket_policy', 'this', ['each', 'shared']),
    M('aws_s3_bucket_public_access_block', 'this', ['each', 'shared']), M('aws_s3_bucket_server_side_encryption_configuration', 'this', ['each', 'shared']),
    M('aws_s3_bucket_versioning', 'this', ['each', 'shared']), M('data.aws_iam_policy_document', 'bucket', ['each', 'shared'])] },
  fleet: { short: 'workers', source: './modules/ec2-fleet', weight: 3, cloud: 'aws', keyPool: 'colors', blocks: [
    M('aws_ebs_volume', 'data', ['count', 'n']), M('aws_instance', 'this', ['count', 'n']), M('aws_security_group', 'this'),
    M('aws_security_group_rule', 'ingress', ['count', [1, 3]]), M('aws_volume_attachment', 'data', ['count', 'n']), M('data.aws_ami', 'this')] },
  iam: { short: 'iam', source: './modules/iam-roles', weight: 12, cloud: 'aws', keyPool: 'regions', shared: ['roles', 2, 6], blocks: [
    M('aws_iam_policy', 'this', ['each', 'shared']), M('aws_iam_role', 'this', ['each', 'shared']), M('aws_iam_role_policy_attachment', 'this', ['each', 'shared'])] },
  dns: { short: 'dns', source: './modules/dns-records', weight: 8, cloud: 'aws', keyPool: 'colors', blocks: [
    M('aws_route53_record', 'this', ['each', 'hosts', 3, 9]), M('data.aws_route53_zone', 'this')] },
  tables: { short: 'tables', source: './modules/dynamodb', weight: 4, cloud: 'aws', keyPool: 'regions', blocks: [
    M('aws_dynamodb_table', 'this', ['each', 'tables', 1, 4])] },
  gce: { short: 'vms', source: './modules/gce-group', weight: 2, cloud: 'gcp', keyPool: 'gcpRegions', blocks: [
    M('google_compute_disk', 'data', ['count', 'n']), M('google_compute_firewall', 'this', ['each', 'firewalls', 1, 3]),
    M('google_compute_instance', 'this', ['count', 'n']), M('google_service_account', 'this'), M('data.google_compute_image', 'this')] },
  gke: { short: 'gke', source: './modules/gke', weight: 1, cloud: 'gcp', keyPool: 'gcpRegions', blocks: [
    M('google_container_cluster', 'this'), M('google_container_node_pool', 'this', ['each', 'nodePools', 1, 3]),
    M('google_project_iam_member', 'nodes', ['each', 'gcpRoles', 3, 5]), M('google_service_account', 'nodes')] },
  cloudsql: { short: 'sql', source: './modules/cloudsql', weight: 1, cloud: 'gcp', keyPool: 'gcpRegions', blocks: [
    M('google_sql_database', 'this', ['each', 'databases', 1, 3]), M('google_sql_database_instance', 'this'),
    M('google_sql_user', 'app'), M('google_storage_bucket', 'backups')] },
};
// "api": a service with its own Aurora cluster and Redis cache as nested modules
TEMPLATES.api = { ...TEMPLATES.service, short: 'api', source: './modules/api-service', weight: 4, children: [['cache', 'redis'], ['db', 'aurora']] };
const ROOT_TEMPLATE = { short: 'root', cloud: 'aws', blocks: [
  M('aws_kms_key', 'main'), M('aws_route53_zone', 'main'), M('aws_s3_bucket', 'logs'), M('aws_s3_bucket_public_access_block', 'logs'),
  M('aws_s3_bucket_versioning', 'logs'), M('data.aws_caller_identity', 'current'), M('data.aws_region', 'current')] };

function blockSortKey(b) { const data = b.type.startsWith('data.'); return `${data ? 1 : 0}${data ? b.type.slice(5) : b.type}.${b.name}`; }
for (const t of [...Object.values(TEMPLATES), ROOT_TEMPLATE]) {
  t.blocks = t.blocks.slice().sort((a, b) => (blockSortKey(a) < blockSortKey(b) ? -1 : 1));
  t.children = (t.children ?? []).slice().sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const b of t.blocks) {
    b.mode = b.type.startsWith('data.') ? 'data' : 'managed';
    b.rtype = b.mode === 'data' ? b.type.slice(5) : b.type;
    b.def = T[b.type];
    if (!b.def) throw new Error(`no generator for ${b.type}`);
    b.cfgAddr = `${b.mode === 'data' ? 'data.' : ''}${b.rtype}.${b.name}`;
  }
}
for (const d of Object.values(T)) {
  d.sensTree = pathTree(d.sens ?? []);
  d.cSet = new Set(d.c ?? []);
}
function pathTree(paths) {
  const root = {};
  for (const p of paths) {
    const parts = Array.isArray(p) ? p : [p];
    let n = root;
    for (let i = 0; i < parts.length - 1; i++) n = n[parts[i]] ??= {};
    n[parts[parts.length - 1]] = true;
  }
  return root;
}

// ---------------------------------------------------------------------------
// Value transforms: sensitivity / unknown markers, mutations
// ---------------------------------------------------------------------------

// Terraform's marker objects: same shape as the value, leaves replaced by
// true (marked) or omitted (false) in objects, `false` kept in arrays.
function markers(v, tree) {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const t = tree ? tree[i] : undefined;
      out[i] = t === true ? (v[i] === null ? false : true) : markers(v[i], t);
    }
    return out;
  }
  const out = {};
  for (const k in v) {
    const t = tree ? tree[k] : undefined;
    const m = t === true ? (v[k] === null ? false : true) : markers(v[k], t);
    if (m !== false) out[k] = m;
  }
  return out;
}
// after_unknown: computed keys (absent from `after`) become true, in sorted position
function unknownMarkers(full, after, unknownKeys) {
  const out = {};
  for (const k in full) {
    if (unknownKeys.has(k)) { out[k] = true; continue; }
    const m = markers(after[k], undefined);
    if (m !== false) out[k] = m;
  }
  return out;
}
function withoutKeys(v, keys) {
  const out = {};
  for (const k in v) if (!keys.has(k)) out[k] = v[k];
  return out;
}
// realistic "other value" for enum-like strings that force a replacement
const ALT = {
  'true': 'false', 'false': 'true', '0.0.0.0/0': '10.0.0.0/8', FARGATE: 'EC2', STANDARD: 'INFREQUENT_ACCESS', public: 'private',
  default: 'dedicated', vpc: 'standard', amazon: 'ipv4pool-ec2-0a1b2c3d4e5f67890', ip: 'instance', ENCRYPT_DECRYPT: 'SIGN_VERIFY',
  SYMMETRIC_DEFAULT: 'RSA_2048', 'aurora-postgresql': 'aurora-mysql', postgres: 'postgres-ee', postgres16: 'postgres17', pk: 'id', sk: 'sort_key',
  app: 'app_v2', '/dev/sdf': '/dev/sdg', A: 'CNAME', 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy': 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess',
  HTTP: 'HTTPS', 'pd-ssd': 'pd-balanced', 'pd-balanced': 'pd-ssd', INGRESS: 'EGRESS', app_admin: 'postgres', root: 'admin',
};
function bumpValue(r, v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v + r.range(1, 4) * (v >= 100 ? 10 : 1) : v * 2;
  if (typeof v === 'boolean') return !v;
  if (v === null) return 'changed';
  if (typeof v === 'string') {
    let m;
    if (v === '') return r.digits(12);
    if (ALT[v] !== undefined) return ALT[v];
    if ((m = /^(\d+\.\d+\.)(\d+)(\.\d+\/\d+)$/.exec(v))) return `${m[1]}${(Number(m[2]) + 16) % 256}${m[3]}`; // CIDR
    if ((m = /^(.*[/:])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(v))) return m[1] + r.uuid(); // ...key/<uuid>
    if ((m = /^([a-z]+-0?)([0-9a-f]{8,17})$/.exec(v))) return m[1] + r.hex(m[2].length); // vpc-0abc..., sg-...
    if (/^Z[0-9A-Z]{10,}$/.test(v)) return 'Z0' + r.upper(v.length - 2);
    if (v === '/') return '/service-role/';
    if (v === 'tcp' || v === 'udp') return v === 'tcp' ? 'udp' : 'tcp';
    if (v === 'ingress' || v === 'egress') return v === 'ingress' ? 'egress' : 'ingress';
    if ((m = /^(\d+)\.(\d+)$/.exec(v))) return `${m[1]}.${Number(m[2]) + 1}`;
    if ((m = /^(\d+)$/.exec(v))) return String(Number(v) + 1);
    if ((m = /^(.*\d)([a-e])$/.exec(v))) return m[1] + String.fromCharCode(m[2].charCodeAt(0) + 1);
    if ((m = /^(.*\.)([a-z0-9]+)$/.exec(v)) && SIZE_LADDER.includes(m[2])) return m[1] + SIZE_LADDER[Math.min(SIZE_LADDER.indexOf(m[2]) + 1, SIZE_LADDER.length - 1)];
    if (/^[A-Z][a-z]+$/.test(v)) return v === 'Enabled' ? 'Suspended' : 'Enabled';
    return `${v}-${r.hex(4)}`;
  }
  if (Array.isArray(v)) return v.length && typeof v[0] === 'string' ? [...v, `10.${r.range(200, 250)}.0.0/16`].sort() : v;
  return v;
}
// returns a copy of `obj` with the value at `p` (key or path) changed
function changeAt(r, def, obj, p, u, s) {
  const parts = Array.isArray(p) ? p : [p];
  const rec = (cur, i) => {
    const k = parts[i];
    if (i === parts.length - 1) {
      const fn = def.mut?.[k];
      if (k === 'tags' && cur.tags && !Array.isArray(cur.tags)) return retag(cur, r, 'GitCommit');
      if (k === 'labels' && cur.labels) return relabel(cur, r);
      const nv = fn ? fn(r, cur[k], u, s) : bumpValue(r, cur[k]);
      return Array.isArray(cur) ? Object.assign(cur.slice(), { [k]: nv }) : { ...cur, [k]: nv };
    }
    const inner = rec(cur[k], i + 1);
    return Array.isArray(cur) ? Object.assign(cur.slice(), { [k]: inner }) : { ...cur, [k]: inner };
  };
  return rec(obj, 0);
}
function retag(v, r, key) {
  const commit = r.hex(7);
  const t = { ...v.tags, [key]: commit };
  return { ...v, tags: t, tags_all: v.tags_all ? t : v.tags_all };
}
function relabel(v, r) {
  const commit = r.hex(7);
  const out = { ...v, labels: { ...v.labels, git_commit: commit } };
  if (v.effective_labels) out.effective_labels = { ...v.effective_labels, git_commit: commit };
  if (v.terraform_labels) out.terraform_labels = { ...v.terraform_labels, git_commit: commit };
  return out;
}
const pathArr = (p) => (Array.isArray(p) ? p : [p]);

// ---------------------------------------------------------------------------
// Layout: calls (module instances), units, slots
// ---------------------------------------------------------------------------

const TEMPLATE_NAMES = Object.keys(TEMPLATES).sort();
const TOTAL_WEIGHT = TEMPLATE_NAMES.reduce((a, n) => a + TEMPLATES[n].weight, 0);

function makeCall(seed, gi, used) {
  const r = new Rng(hash(seed, 0xca11, gi));
  let x = r.int(TOTAL_WEIGHT), tname;
  for (const n of TEMPLATE_NAMES) { x -= TEMPLATES[n].weight; if (x < 0) { tname = n; break; } }
  const tmpl = TEMPLATES[tname];
  const domain = r.pick(DOMAINS);
  let name = `${domain}_${tmpl.short}`;
  if (used.has(name)) { let k = 2; while (used.has(`${name}_${k}`)) k++; name = `${name}_${k}`; }
  used.add(name);
  const y = r.f();
  let rep, keys;
  if (y < 0.45) { rep = 'single'; keys = [undefined]; }
  else if (y < 0.85) { rep = 'each'; const pool = POOLS[tmpl.keyPool]; keys = r.subset(pool, r.range(1, Math.min(pool.length, tmpl.keyPool === 'tenants' ? 6 : 4))); }
  else { rep = 'count'; keys = Array.from({ length: r.range(1, 3) }, (_, i) => i); }
  const env = r.pick(ENVS);
  const region = tmpl.cloud === 'gcp' ? r.pick(GCP_REGIONS) : r.pick(AWS_REGIONS);
  return { gi, name, tname, tmpl, domain, rep, keys, env, region, team: r.pick(TEAMS), seed: hash(seed, 0x5eed, gi) };
}

const keySuffix = (k) => (k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `["${k}"]`);

// Shape of one module instance: instance keys per block, and its plan "mode"
function unitShape(tmpl, useed, parentMode) {
  const r = new Rng(hash(useed, 0x5a));
  const az = r.range(2, 3), n = r.range(1, 6);
  const shared = tmpl.shared ? r.subset(POOLS[tmpl.shared[0]], r.range(tmpl.shared[1], tmpl.shared[2])) : null;
  const m1 = r.f(), m2 = r.f();
  const mode = parentMode !== 'normal' ? parentMode : m1 < 0.035 ? 'new' : m2 < 0.0025 ? 'gone' : 'normal';
  const inst = tmpl.blocks.map((b) => {
    const rep = b.rep;
    if (rep === 1) return [undefined];
    if (rep[0] === 'count') {
      const c = rep[1] === 'az' ? az : rep[1] === 'n' ? n : r.range(rep[1][0], rep[1][1]);
      return Array.from({ length: c }, (_, i) => i);
    }
    if (rep[1] === 'shared') return shared;
    return r.subset(POOLS[rep[1]], r.range(rep[2], rep[3]));
  });
  return { mode, inst };
}

class Layout {
  constructor(seed) {
    this.seed = seed;
    this.calls = [];
    this.used = new Set();
    this.cut = Infinity; // last slot ordinal included
  }
  addCalls(k) { for (let i = 0; i < k; i++) this.calls.push(makeCall(this.seed, this.calls.length, this.used)); }
  sortCalls() { this.calls.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); }

  *units() {
    // root module
    yield { tmpl: ROOT_TEMPLATE, seed: hash(this.seed, 0x700), call: null, key: undefined, modAddr: '', path: [], depth: 0, parentMode: 'normal', cfgPrefix: '' };
    for (const call of this.calls) {
      for (let ki = 0; ki < call.keys.length; ki++) {
        const key = call.keys[ki];
        const modAddr = `module.${call.name}${keySuffix(key)}`;
        const useed = hash(call.seed, ki);
        const top = { tmpl: call.tmpl, seed: useed, call, key, modAddr, path: [modAddr], depth: 1, parentMode: 'normal', cfgPrefix: `module.${call.name}.` };
        yield top;
        for (let ci = 0; ci < call.tmpl.children.length; ci++) {
          const [cname, ctn] = call.tmpl.children[ci];
          const addr = `${modAddr}.module.${cname}`;
          yield { tmpl: TEMPLATES[ctn], seed: hash(useed, 0xc0, ci), call, key, childName: cname, modAddr: addr, path: [modAddr, addr], depth: 2, parentRef: top, cfgPrefix: `module.${call.name}.module.${cname}.` };
        }
      }
    }
  }
  // Walks every slot (resource instance) in DFS order, up to the cut.
  *slots() {
    let ord = 0;
    for (const unit of this.units()) {
      const parentMode = unit.parentRef ? unit.parentRef.shape.mode : 'normal';
      unit.shape = unitShape(unit.tmpl, unit.seed, parentMode);
      unit.ctx = null;
      const blocks = unit.tmpl.blocks;
      for (let bi = 0; bi < blocks.length; bi++) {
        const keys = unit.shape.inst[bi];
        for (let i = 0; i < keys.length; i++) {
          if (ord > this.cut) return;
          const s = { ord, unit, block: blocks[bi], name: blocks[bi].name, key: keys[i], i, seed: hash(unit.seed, bi, i) };
          decide(s);
          ord++;
          yield s;
        }
      }
    }
  }
}

// Cheap per-slot decisions (action, reasons, where the slot appears)
function decide(s) {
  const r = new Rng(hash(s.seed, 0xd));
  const x = r.f(), y = r.f(), z = r.f(), w = r.f();
  const mode = s.unit.shape.mode, b = s.block;
  s.inRC = true; s.inPV = true; s.inPS = true; s.drift = false; s.moved = false; s.reason = undefined;
  if (b.mode === 'data') {
    s.inPV = false;
    if (mode === 'gone') { s.action = 'none'; s.inRC = false; return; } // removed with its module: only in prior state
    if (mode === 'new' || x < 0.1) {
      s.action = 'read'; s.inPV = true; s.inPS = false;
      s.reason = mode === 'new' || y < 0.6 ? 'read_because_dependency_pending' : 'read_because_config_unknown';
    } else { s.action = 'none'; s.inRC = false; } // read during planning: prior_state only
    return;
  }
  if (mode === 'new') { s.action = 'create'; s.inPS = false; return; }
  if (mode === 'gone') { s.action = 'delete'; s.inPV = false; s.reason = 'delete_because_no_module'; return; }
  if (x < 0.58) s.action = 'no-op';
  else if (x < 0.80) s.action = 'update';
  else if (x < 0.89) { s.action = 'create'; s.inPS = false; }
  else if (x < 0.925) { s.action = 'delete-create'; }
  else if (x < 0.94) { s.action = 'create-delete'; }
  else if (x < 0.9485) {
    s.action = 'delete'; s.inPV = false;
    const rep = typeof b.rep === 'object' ? b.rep[0] : 'single';
    s.reason = rep === 'count' ? 'delete_because_count_index' : rep === 'each' ? 'delete_because_each_key' : 'delete_because_no_resource_config';
  } else s.action = 'no-op';
  if (s.action === 'delete-create' || s.action === 'create-delete') {
    s.reason = y < 0.86 ? 'replace_because_cannot_update' : y < 0.95 ? 'replace_because_tainted' : 'replace_by_request';
  }
  if (s.action === 'update' && b.def.upd.length === 0) s.action = 'no-op';
  if ((s.action === 'no-op' || s.action === 'update') && z < 0.0025 && b.def.upd.length) s.drift = true;
  if (s.action === 'no-op' && w < 0.003) s.moved = true;
}

// Per-unit context (ids shared by the resources of one module instance)
function unitCtx(unit, seed) {
  if (unit.ctx) return unit.ctx;
  const r = new Rng(hash(unit.seed, 0xc7));
  const call = unit.call;
  const cloudGcp = unit.tmpl.cloud === 'gcp';
  let region = call ? call.region : 'eu-west-1';
  if (call && typeof unit.key === 'string' && (AWS_REGIONS.includes(unit.key) || GCP_REGIONS.includes(unit.key))) region = unit.key;
  const domain = call ? call.domain : 'platform';
  const env = call ? call.env : 'prod';
  const service = call ? call.name.replaceAll('_', '-') + (unit.key !== undefined ? `-${unit.key}` : '') : 'platform';
  const prefix = `${service}${unit.childName ? '-' + unit.childName : ''}`.slice(0, 48);
  const sr = new Rng(hash(seed, 0xacc7));
  const accounts = Array.from({ length: 6 }, () => sr.digits(12));
  const ctx = {
    region, domain, env, service, prefix,
    regionShort: region.replace(/-(\w)\w*-(\d)$/, (m, a, d) => `${a}${d}`).replace('northeast', 'ne').replace('southeast', 'se'),
    account: accounts[strHash(domain + env) % accounts.length],
    org: 'exampleco', team: call ? call.team : 'platform', owner: `${call ? call.team : 'platform'}@example.com`,
    costCenter: `CC-${1000 + (strHash(domain) % 9000)}`,
    commit: r.hex(7),
    vpcId: `vpc-0${r.hex(16)}`, cidrPrefix: `10.${r.range(0, 255)}`,
    sgId: `sg-0${r.hex(16)}`, igwId: `igw-0${r.hex(16)}`, publicRtb: `rtb-0${r.hex(16)}`,
    subnetIds: [0, 1, 2].map(() => `subnet-0${r.hex(16)}`), publicSubnetIds: [0, 1, 2].map(() => `subnet-0${r.hex(16)}`),
    rtbIds: [0, 1, 2].map(() => `rtb-0${r.hex(16)}`), natIds: [0, 1, 2].map(() => `nat-0${r.hex(16)}`),
    kmsArn: '', zoneId: `Z0${r.upper(19)}`, amiId: `ami-0${r.hex(16)}`, userDataHash: r.hex(40),
    port: r.pick([5432, 6379, 8080, 8443, 443]), pgVersion: r.pick(['15.8', '16.4', '16.6']), auroraVersion: r.pick(['15.4', '15.8', '16.2']),
    project: `${'exampleco'}-${env}-${1000 + (strHash(domain) % 9000)}`,
    gceImage: `projects/debian-cloud/global/images/debian-12-bookworm-v2025${r.range(1000, 1231)}`,
  };
  ctx.vpcCidr = `${ctx.cidrPrefix}.0.0/16`;
  ctx.kmsArn = `arn:aws:kms:${region}:${ctx.account}:key/${r.uuid()}`;
  ctx.gsaEmail = `${prefix.slice(0, 24).replace(/-+$/, '')}-sa@${ctx.project}.iam.gserviceaccount.com`;
  if (cloudGcp && !GCP_REGIONS.includes(region)) ctx.region = GCP_REGIONS[strHash(region) % GCP_REGIONS.length];
  unit.ctx = ctx;
  return ctx;
}

function fixGoogleLabels(v) {
  const l = v.labels ?? v.resource_labels;
  if (v.terraform_labels !== undefined && l) v.terraform_labels = gEffective(l);
  return v;
}

// ---------------------------------------------------------------------------
// Realising one slot: addresses, before/after values and markers
// ---------------------------------------------------------------------------

function addrOf(s) {
  const b = s.block;
  let name = b.name;
  if (s.action === 'delete' && s.reason === 'delete_because_no_resource_config') name = `${name}_legacy`;
  const res = `${b.mode === 'data' ? 'data.' : ''}${b.rtype}.${name}${keySuffix(s.key)}`;
  return { name, res, address: s.unit.modAddr ? `${s.unit.modAddr}.${res}` : res };
}

function realize(s, seed) {
  if (s.real) return s.real;
  const b = s.block, def = b.def, u = unitCtx(s.unit, seed);
  const r = new Rng(hash(s.seed, 0xc0de));
  const full = fixGoogleLabels(def.gen(r, u, s));
  const a = addrOf(s);
  const out = { a, full, before: null, after: null, afterUnknown: {}, replacePaths: undefined, prior: full };
  const cr = new Rng(hash(s.seed, 0xc4a9));
  switch (s.action) {
    case 'no-op': out.before = full; out.after = full; break;
    case 'update': {
      const p = def.upd[cr.int(def.upd.length)];
      let after = changeAt(cr, def, full, p, u, s);
      if (def.updUnknown && cr.chance(0.5)) {
        const unk = new Set(def.updUnknown);
        const known = withoutKeys(after, unk);
        out.afterUnknown = unknownMarkers(after, known, unk);
        after = known;
      }
      out.before = full; out.after = after;
      break;
    }
    case 'create': case 'read': {
      out.after = withoutKeys(full, def.cSet);
      out.afterUnknown = unknownMarkers(full, out.after, def.cSet);
      break;
    }
    case 'delete-create': case 'create-delete': {
      let changed = full;
      if (s.reason === 'replace_because_cannot_update' && def.rep.length) {
        const p = def.rep[cr.int(def.rep.length)];
        changed = changeAt(cr, def, full, p, u, s);
        out.replacePaths = [pathArr(p)];
      }
      out.before = full;
      out.after = withoutKeys(changed, def.cSet);
      out.afterUnknown = unknownMarkers(changed, out.after, def.cSet);
      break;
    }
    case 'delete': out.before = full; out.after = null; break;
    default: break; // 'none' (data source read during plan): prior state only
  }
  s.real = out;
  return out;
}

function resourceChangeJson(s, seed, drift) {
  const rl = realize(s, seed), b = s.block, def = b.def, u = s.unit;
  let before = rl.before, after = rl.after, afterUnknown = rl.afterUnknown, actions;
  if (drift) {
    // what changed outside Terraform: the refreshed object (= prior state) differs from the last applied one
    // ("before" = last applied object, "after" = what refresh found = prior_state)
    actions = ['update'];
    after = rl.before;
    before = changeAt(new Rng(hash(s.seed, 0xd21f)), def, rl.before, def.upd[0], unitCtx(u, seed), s);
    afterUnknown = {};
  } else {
    actions = s.action === 'delete-create' ? ['delete', 'create'] : s.action === 'create-delete' ? ['create', 'delete'] : [s.action];
  }
  const o = {
    address: rl.a.address,
    previous_address: !drift && s.moved ? rl.a.address.replace(`${b.rtype}.${b.name}`, `${b.rtype}.${b.name === 'this' ? 'main' : 'this'}`) : undefined,
    module_address: u.modAddr || undefined,
    mode: b.mode, type: b.rtype, name: rl.a.name, index: s.key, provider_name: def.p === 'google' ? GOOGLE : AWS,
    change: {
      actions, before, after, after_unknown: afterUnknown,
      before_sensitive: before === null ? false : markers(before, def.sensTree),
      after_sensitive: after === null ? false : markers(after, def.sensTree),
      replace_paths: drift ? undefined : rl.replacePaths,
    },
    action_reason: drift ? undefined : s.reason,
  };
  return JSON.stringify(o);
}

function resourceValuesJson(s, seed, forState) {
  const rl = realize(s, seed), b = s.block, def = b.def;
  const values = forState ? rl.prior : rl.after;
  const o = {
    address: rl.a.address, mode: b.mode, type: b.rtype, name: rl.a.name, index: s.key,
    provider_name: def.p === 'google' ? GOOGLE : AWS, schema_version: def.sv,
    values, sensitive_values: markers(values, def.sensTree),
    depends_on: forState && b.mode === 'managed' ? dependsOn(s) : undefined,
  };
  return JSON.stringify(o);
}

// ---------------------------------------------------------------------------
// Configuration (expressions with references), derived from the templates
// ---------------------------------------------------------------------------

const REF_TYPES = {
  vpc_id: ['aws_vpc', 'id'], security_group_id: ['aws_security_group', 'id'], vpc_security_group_ids: ['aws_security_group', 'id'],
  subnet_ids: ['aws_subnet', 'id'], subnet_id: ['aws_subnet', 'id'], kms_key_id: ['aws_kms_key', 'arn'], kms_master_key_id: ['aws_kms_key', 'arn'],
  role: ['aws_iam_role', 'name'], policy_arn: ['aws_iam_policy', 'arn'], bucket: ['aws_s3_bucket', 'id'], route_table_id: ['aws_route_table', 'id'],
  nat_gateway_id: ['aws_nat_gateway', 'id'], allocation_id: ['aws_eip', 'id'], instance_id: ['aws_instance', 'id'], volume_id: ['aws_ebs_volume', 'id'],
  cluster_identifier: ['aws_rds_cluster', 'id'], db_subnet_group_name: ['aws_db_subnet_group', 'name'], subnet_group_name: ['aws_elasticache_subnet_group', 'name'],
  task_definition: ['aws_ecs_task_definition', 'arn'], execution_role_arn: ['aws_iam_role', 'arn'], task_role_arn: ['aws_iam_role', 'arn'],
  parameter_group_name: ['aws_db_parameter_group', 'name'], gateway_id: ['aws_internet_gateway', 'id'], ami: ['data.aws_ami', 'id'],
  zone_id: ['data.aws_route53_zone', 'zone_id'], cluster: ['google_container_cluster', 'name'], instance: ['google_sql_database_instance', 'name'],
  service_account: ['google_service_account', 'email'], image: ['data.google_compute_image', 'self_link'], assume_role_policy: ['data.aws_iam_policy_document', 'json'],
  policy: ['data.aws_iam_policy_document', 'json'],
};
const C = (v) => ({ constant_value: v });
const R = (...refs) => ({ references: refs });

function refFor(tmpl, key, self) {
  const rt = REF_TYPES[key];
  if (!rt) return null;
  const target = tmpl.blocks.find((b) => b.type === rt[0] && b !== self);
  if (!target) return null;
  const a = target.cfgAddr, attr = rt[1];
  if (target.rep === 1) return { target, expr: R(`${a}.${attr}`, a) };
  const kind = target.rep[0];
  if (self.rep !== 1 && self.rep[0] === kind) {
    const idx = kind === 'count' ? 'count.index' : 'each.key';
    return { target, expr: R(`${a}[${idx}].${attr}`, `${a}[${idx}]`, a, idx) };
  }
  return { target, expr: R(a) }; // a splat (a[*].attr) references just the resource
}

function exprFor(tmpl, b, sample) {
  const def = b.def, ex = {};
  const sens = def.sens ?? [];
  for (const k in sample) {
    const v = sample[k];
    if (def.cSet.has(k) || k === 'tags_all' || k === 'id' || k === 'timeouts') continue;
    if (v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)) continue;
    const ref = refFor(tmpl, k, b);
    if (ref) { ex[k] = ref.expr; continue; }
    if (sens.includes(k)) { ex[k] = R(`var.${k}`); continue; }
    if (k === 'tags' || k === 'labels') { ex[k] = R('local.tags', 'var.tags'); continue; }
    if (k === 'name' || k === 'identifier' || k === 'bucket' || k === 'family' || k === 'cluster_identifier' || k === 'replication_group_id') {
      ex[k] = b.rep !== 1 ? R('var.name', b.rep[0] === 'count' ? 'count.index' : 'each.key') : R('var.name'); continue;
    }
    if (/(^|_)(vpc_id|subnet_ids|region|project|zone|availability_zone|location|network|subnetwork)$/.test(k)) { ex[k] = R(`var.${k}`); continue; }
    if (typeof v === 'string' && (v[0] === '{' || v[0] === '[')) { ex[k] = R(`local.${k}`); continue; }
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0])) {
      // nested block: expressions per attribute of the first element
      const blk = {};
      for (const kk in v[0]) {
        const vv = v[0][kk];
        if (vv === null || vv === '' || (Array.isArray(vv) && vv.length === 0) || (typeof vv === 'object' && !Array.isArray(vv))) continue;
        blk[kk] = C(vv);
      }
      if (Object.keys(blk).length) ex[k] = [blk];
      continue;
    }
    ex[k] = C(v);
  }
  return ex;
}

const SAMPLE_UNIT = { seed: 12345, call: null, key: undefined, modAddr: '', ctx: null, tmpl: ROOT_TEMPLATE };
function sampleValues(b) {
  const u = unitCtx({ ...SAMPLE_UNIT, ctx: null }, 1);
  return fixGoogleLabels(b.def.gen(new Rng(99), u, { name: b.name, key: undefined, i: 0, ord: 0, seed: 1, unit: SAMPLE_UNIT }));
}

function configResources(tmpl) {
  return tmpl.blocks.map((b) => {
    const sample = sampleValues(b);
    const o = {
      address: b.cfgAddr, mode: b.mode, type: b.rtype, name: b.name,
      provider_config_key: b.def.p,
      expressions: exprFor(tmpl, b, sample),
      schema_version: b.def.sv,
      count_expression: b.rep !== 1 && b.rep[0] === 'count' ? (b.rep[1] === 'az' ? R('local.azs') : b.rep[1] === 'n' ? R('var.instance_count') : R(`var.${b.name}_count`)) : undefined,
      for_each_expression: b.rep !== 1 && b.rep[0] === 'each' ? R(b.rep[1] === 'shared' ? 'local.items' : `var.${b.rep[1].replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}`) : undefined,
    };
    return o;
  });
}

// depends_on in prior_state: the resources this block references (module-absolute, no instance keys)
const depsCache = new Map();
function dependsOn(s) {
  const b = s.block, tmpl = s.unit.tmpl;
  const ck = tmpl.short + '|' + b.cfgAddr;
  let rel = depsCache.get(ck);
  if (!rel) {
    rel = [];
    for (const k of Object.keys(REF_TYPES)) {
      const ref = refFor(tmpl, k, b);
      if (ref && k in sampleValuesCached(b) && !rel.includes(ref.target.cfgAddr)) rel.push(ref.target.cfgAddr);
    }
    rel.sort();
    depsCache.set(ck, rel);
  }
  if (!rel.length) return undefined;
  const prefix = s.unit.cfgPrefix;
  return rel.map((a) => prefix + a);
}
const sampleCache = new Map();
function sampleValuesCached(b) { let v = sampleCache.get(b); if (!v) { v = sampleValues(b); sampleCache.set(b, v); } return v; }

const MODULE_VARS = {
  aws: { environment: { description: 'Deployment environment (dev, staging, prod)' }, name: { description: 'Name prefix for every resource' }, subnet_ids: { default: [], description: 'Private subnets' }, tags: { default: {}, description: 'Tags applied to every resource' }, vpc_id: { default: null, description: 'VPC to deploy into' } },
  gcp: { environment: { description: 'Deployment environment' }, name: { description: 'Name prefix' }, network: { default: 'default' }, project: { description: 'GCP project id' }, region: { default: 'europe-west1' }, tags: { default: {} } },
};
const moduleCfgCache = new Map();
function moduleConfigJson(tname) {
  if (moduleCfgCache.has(tname)) return moduleCfgCache.get(tname);
  const tmpl = TEMPLATES[tname];
  const first = tmpl.blocks.find((b) => b.mode === 'managed');
  const outputs = {
    arn: { expression: R(`${first.cfgAddr}${first.rep === 1 ? '' : '[0]'}.arn`, `${first.cfgAddr}${first.rep === 1 ? '' : '[0]'}`, first.cfgAddr), description: `ARN of the main ${first.rtype}` },
    id: { expression: R(`${first.cfgAddr}${first.rep === 1 ? '' : '[0]'}.id`, `${first.cfgAddr}${first.rep === 1 ? '' : '[0]'}`, first.cfgAddr), description: 'Identifier' },
  };
  const mod = { outputs, resources: configResources(tmpl), module_calls: undefined, variables: MODULE_VARS[tmpl.cloud] };
  if (tmpl.children.length) {
    mod.module_calls = {};
    for (const [cname, ctn] of tmpl.children) {
      const ct = TEMPLATES[ctn];
      mod.module_calls[cname] = { source: ct.source, expressions: { environment: R('var.environment'), name: R('var.name'), subnet_ids: R('var.subnet_ids'), tags: R('var.tags'), vpc_id: R('var.vpc_id') }, module: '@@' + ctn + '@@', version_constraint: ct.version };
    }
  }
  let json = JSON.stringify(mod);
  for (const [, ctn] of tmpl.children) json = json.replace(`"@@${ctn}@@"`, moduleConfigJson(ctn));
  moduleCfgCache.set(tname, json);
  return json;
}

function callConfigJson(call) {
  const tmpl = call.tmpl;
  const ex = tmpl.cloud === 'gcp'
    ? { environment: R('var.environment'), name: call.rep === 'single' ? C(call.name.replaceAll('_', '-')) : R('each.key'), network: R('module.network.network_self_link', 'module.network'), project: R('var.gcp_project'), region: call.rep === 'each' ? R('each.key') : R('var.gcp_region'), tags: R('local.tags') }
    : { environment: R('var.environment'), name: call.rep === 'single' ? C(call.name.replaceAll('_', '-')) : R('each.key'), subnet_ids: R('module.network.private_subnets', 'module.network'), tags: R('local.tags'), vpc_id: R('module.network.vpc_id', 'module.network') };
  if (call.rep === 'count') ex.name = R('var.name', 'count.index');
  const head = JSON.stringify({ source: tmpl.source, expressions: ex, count_expression: call.rep === 'count' ? R(`var.${call.name}_count`) : undefined, for_each_expression: call.rep === 'each' ? R(`var.${tmpl.keyPool.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}`) : undefined });
  const tail = tmpl.version ? `,"version_constraint":${JSON.stringify(tmpl.version)}}` : '}';
  return `${head.slice(0, -1)},"module":${moduleConfigJson(call.tname)}${tail}`;
}

// ---------------------------------------------------------------------------
// Output writing
// ---------------------------------------------------------------------------

class Sink {
  constructor(file) {
    this.bytes = 0;
    this.parts = [];
    this.pending = 0;
    this.stream = file ? fs.createWriteStream(file, { highWaterMark: 1 << 20 }) : null;
    this.error = null;
    if (this.stream) this.stream.on('error', (e) => { this.error = e; });
  }
  write(s) { this.parts.push(s); this.pending += s.length; }
  // flushes once ~1 MB is buffered; waits for 'drain' when the stream is full
  tick() { return this.pending >= 1 << 20 ? this.flush() : null; }
  async flush() {
    if (this.error) throw this.error;
    if (!this.parts.length) return;
    const chunk = this.parts.join('');
    this.parts = []; this.pending = 0;
    if (!this.stream) { this.bytes += Buffer.byteLength(chunk, 'utf8'); return; }
    const buf = Buffer.from(chunk, 'utf8');
    this.bytes += buf.length;
    if (!this.stream.write(buf)) {
      await new Promise((resolve, reject) => {
        const onErr = (e) => { this.stream.off('drain', onDrain); reject(e); };
        const onDrain = () => { this.stream.off('error', onErr); resolve(); };
        this.stream.once('drain', onDrain); this.stream.once('error', onErr);
      });
    }
  }
  async end() {
    await this.flush();
    if (this.stream) await new Promise((resolve, reject) => { this.stream.once('error', reject); this.stream.end(resolve); });
  }
}

// Streams a module tree ({"resources":[...],"address":...,"child_modules":[...]})
// given resources in DFS order with their module path. Resources of one module
// instance are buffered (a few dozen) and sorted by address, as Terraform does.
class ModuleTreeWriter {
  constructor(sink) { this.sink = sink; this.stack = [{ addr: '', state: 'start', root: true }]; this.buf = []; this.bufPath = null; }
  async add(pathArr, address, json) {
    if (this.bufPath !== pathArr) await this.flushBuf();
    this.bufPath = pathArr;
    this.buf.push([address, json]);
  }
  async flushBuf() {
    if (!this.buf.length) return;
    const p = this.bufPath;
    this.buf.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // align the stack with p
    let common = 0;
    while (common < p.length && common + 1 < this.stack.length && this.stack[common + 1].addr === p[common]) common++;
    while (this.stack.length > common + 1) this.close();
    for (let i = common; i < p.length; i++) this.open(p[i]);
    const top = this.stack[this.stack.length - 1];
    for (const [, json] of this.buf) {
      if (top.state === 'start') { this.sink.write('"resources":['); top.state = 'res'; } else if (top.state === 'res') this.sink.write(',');
      else throw new Error('resource after child module in ' + top.addr);
      this.sink.write(json);
      const f = this.sink.tick();
      if (f) await f;
    }
    this.buf = [];
  }
  open(addr) {
    const parent = this.stack[this.stack.length - 1];
    const a = parent.root ? '' : `"address":${JSON.stringify(parent.addr)},`;
    if (parent.state === 'start') this.sink.write(`${a}"child_modules":[`);
    else if (parent.state === 'res') this.sink.write(`],${a}"child_modules":[`);
    else this.sink.write(',');
    parent.state = 'kids';
    this.sink.write('{');
    this.stack.push({ addr, state: 'start' });
  }
  close() {
    const n = this.stack.pop();
    if (n.state === 'res') this.sink.write(`],"address":${JSON.stringify(n.addr)}}`);
    else if (n.state === 'kids') this.sink.write(']}');
    else this.sink.write(`"address":${JSON.stringify(n.addr)}}`);
  }
  async end() {
    await this.flushBuf();
    while (this.stack.length > 1) this.close();
    const root = this.stack[0];
    this.sink.write(root.state === 'res' ? ']}' : root.state === 'kids' ? ']}' : '}');
  }
}

function rootVariables(seed) {
  return {
    aws_region: { value: 'eu-west-1' },
    db_master_password: { value: 'bench-secret-root' },
    environment: { value: 'prod' },
    gcp_project: { value: 'exampleco-prod-4821' },
    gcp_region: { value: 'europe-west1' },
    org: { value: 'exampleco' },
    regions: { value: AWS_REGIONS },
    seed: { value: seed },
  };
}
function rootConfigVariables() {
  return {
    aws_region: { default: 'eu-west-1', description: 'Primary AWS region' },
    db_master_password: { description: 'Master password for the shared databases', sensitive: true },
    environment: { default: 'prod' },
    gcp_project: { description: 'GCP project' },
    gcp_region: { default: 'europe-west1' },
    org: { default: 'exampleco' },
    regions: { default: AWS_REGIONS, description: 'Regions to deploy regional stacks into' },
    seed: { default: 1 },
  };
}

async function writePlan(layout, sink, opts) {
  const seed = layout.seed;
  const counts = { 'no-op': 0, create: 0, update: 0, 'delete': 0, 'delete-create': 0, 'create-delete': 0, read: 0 };
  const reasons = {};
  let maxDepth = 0, driftN = 0, pvN = 0, psN = 0, sensitiveChanges = 0, moved = 0, modules = 0;
  const types = {};
  const w = (s) => sink.write(s);
  const wa = async (s) => { sink.write(s); const f = sink.tick(); if (f) await f; };

  // header, variables
  w(`{"format_version":"${FORMAT_VERSION}","terraform_version":"${TF_VERSION}","variables":${JSON.stringify(rootVariables(seed))},`);

  // planned_values
  const rootCtx = unitCtx({ seed: hash(seed, 0x700), call: null, key: undefined, modAddr: '', ctx: null, tmpl: ROOT_TEMPLATE }, seed);
  w(`"planned_values":{"outputs":${JSON.stringify({
    account_id: { sensitive: false, type: 'string', value: rootCtx.account },
    db_master_password: { sensitive: true, type: 'string', value: 'bench-secret-root' },
    kms_key_arn: { sensitive: false },
    log_bucket: { sensitive: false, type: 'string', value: `exampleco-platform-logs` },
    zone_name: { sensitive: false, type: 'string', value: 'prod.example.com' },
  })},"root_module":{`);
  let tree = new ModuleTreeWriter(sink);
  for (const s of layout.slots()) {
    if (s.unit.depth > maxDepth) maxDepth = s.unit.depth;
    if (!s.inPV) continue;
    pvN++;
    const json = resourceValuesJson(s, seed, false);
    await tree.add(s.unit.path, s.real.a.address, json);
    s.real = null;
  }
  await tree.end();
  w('},');

  // resource_drift (a few; omitted when empty, like Terraform), then resource_changes
  // ordered by module depth first, as Terraform sorts resource instance addresses
  let first = true;
  for (const s of layout.slots()) {
    if (!s.drift || !s.inRC) continue;
    await wa((first ? '"resource_drift":[' : ',') + resourceChangeJson(s, seed, true));
    first = false; driftN++;
  }
  w(first ? '"resource_changes":[' : '],"resource_changes":[');
  first = true;
  for (let d = 0; d <= maxDepth; d++) {
    for (const s of layout.slots()) {
      if (s.unit.depth !== d || !s.inRC) continue;
      const json = resourceChangeJson(s, seed, false);
      await wa((first ? '' : ',') + json);
      first = false;
      counts[s.action]++;
      if (s.reason) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
      if (s.moved) moved++;
      if (s.block.def.sens && (s.action !== 'read')) sensitiveChanges++;
      types[s.block.type] = (types[s.block.type] ?? 0) + 1;
      s.real = null;
    }
  }
  w('],');

  // output_changes
  w(`"output_changes":${JSON.stringify({
    account_id: { actions: ['no-op'], before: rootCtx.account, after: rootCtx.account, after_unknown: false, before_sensitive: false, after_sensitive: false },
    db_master_password: { actions: ['no-op'], before: 'bench-secret-root', after: 'bench-secret-root', after_unknown: false, before_sensitive: true, after_sensitive: true },
    kms_key_arn: { actions: ['update'], before: rootCtx.kmsArn, after_unknown: true, before_sensitive: false, after_sensitive: false },
    log_bucket: { actions: ['no-op'], before: 'exampleco-platform-logs', after: 'exampleco-platform-logs', after_unknown: false, before_sensitive: false, after_sensitive: false },
    zone_name: { actions: ['create'], before: null, after: 'prod.example.com', after_unknown: false, before_sensitive: false, after_sensitive: false },
  })},`);

  // prior_state
  w(`"prior_state":{"format_version":"1.0","terraform_version":"${TF_VERSION}","values":{"outputs":${JSON.stringify({
    account_id: { sensitive: false, value: rootCtx.account, type: 'string' },
    db_master_password: { sensitive: true, value: 'bench-secret-root', type: 'string' },
    kms_key_arn: { sensitive: false, value: rootCtx.kmsArn, type: 'string' },
    log_bucket: { sensitive: false, value: 'exampleco-platform-logs', type: 'string' },
  })},"root_module":{`);
  tree = new ModuleTreeWriter(sink);
  for (const s of layout.slots()) {
    if (!s.inPS) continue;
    psN++;
    const json = resourceValuesJson(s, seed, true);
    await tree.add(s.unit.path, s.real.a.address, json);
    s.real = null;
  }
  await tree.end();
  w('}},');

  // configuration
  const rootCfg = { outputs: {
    account_id: { expression: R('data.aws_caller_identity.current.account_id', 'data.aws_caller_identity.current') },
    db_master_password: { sensitive: true, expression: R('var.db_master_password') },
    kms_key_arn: { expression: R('aws_kms_key.main.arn', 'aws_kms_key.main') },
    log_bucket: { expression: R('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs') },
    zone_name: { expression: R('aws_route53_zone.main.name', 'aws_route53_zone.main') },
  }, resources: configResources(ROOT_TEMPLATE) };
  const provider = {
    aws: { name: 'aws', full_name: AWS, version_constraint: '~> 5.80', expressions: { default_tags: [{ tags: R('local.default_tags') }], region: R('var.aws_region') } },
    'aws.us_east_1': { name: 'aws', full_name: AWS, alias: 'us_east_1', version_constraint: '~> 5.80', expressions: { region: C('us-east-1') } },
    google: { name: 'google', full_name: GOOGLE, version_constraint: '~> 6.10', expressions: { project: R('var.gcp_project'), region: R('var.gcp_region') } },
  };
  const rc = JSON.stringify(rootCfg);
  w(`"configuration":{"provider_config":${JSON.stringify(provider)},"root_module":${rc.slice(0, -1)},"module_calls":{`);
  // (planLayout already dropped the calls that fall entirely after the cut)
  first = true;
  for (const call of layout.calls) {
    await wa(`${first ? '' : ','}${JSON.stringify(call.name)}:${callConfigJson(call)}`);
    first = false; modules++;
  }
  w(`},"variables":${JSON.stringify(rootConfigVariables())}}}`);

  // relevant_attributes
  first = true;
  for (const s of layout.slots()) {
    if (!s.drift || !s.inRC) continue;
    const a = addrOf(s);
    await wa(`${first ? ',"relevant_attributes":[' : ','}${JSON.stringify({ resource: a.address, attribute: pathArr(s.block.def.upd[0]) })}`);
    first = false;
  }
  w(`${first ? ',' : '],'}"timestamp":"${TIMESTAMP}","applyable":true,"complete":true,"errored":false}\n`);
  await sink.end();

  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    counts, total, reasons, driftN, pvN, psN, modules, moved, sensitiveChanges,
    withDelete: counts.delete + counts['delete-create'] + counts['create-delete'],
    types,
  };
}

// Finds the layout (calls, cut) with exactly `n` resource_changes entries
function planLayout(seed, n) {
  const layout = new Layout(seed);
  // rough first guess: ~28 changes per module call
  layout.addCalls(Math.max(1, Math.ceil(n / 28)));
  for (;;) {
    layout.sortCalls();
    layout.cut = Infinity;
    let c = 0, cut = -1;
    for (const s of layout.slots()) { if (s.inRC) { c++; if (c === n) { cut = s.ord; break; } } }
    if (cut >= 0) { layout.cut = cut; break; }
    // not enough: add more calls (the generation sequence is fixed, so this stays deterministic)
    layout.calls.sort((a, b) => a.gi - b.gi);
    layout.addCalls(Math.max(1, Math.ceil((n - c) / 20)));
  }
  // drop calls entirely after the cut
  let last = null;
  for (const s of layout.slots()) if (s.unit.call) last = s.unit.call;
  if (last) layout.calls = layout.calls.slice(0, layout.calls.indexOf(last) + 1);
  else layout.calls = [];
  return layout;
}

function parseCount(v) {
  const m = /^([\d.]+(?:e\d+)?)([kmg]?)$/i.exec(String(v).trim());
  if (!m) throw new Error(`bad number: ${v}`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()]);
}

function parseArgs(argv) {
  const o = { seed: 1, changes: null, out: null, targetBytes: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--changes') o.changes = parseCount(v());
    else if (a === '--out') o.out = v();
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--target-bytes') o.targetBytes = parseCount(v());
    else if (a === '--quiet') o.quiet = true;
    else if (a === '-h' || a === '--help') { o.help = true; }
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const USAGE = `usage: node bench/generate-plan.mjs (--changes N | --target-bytes B) [--out FILE] [--seed S] [--quiet]
  --changes N        number of resource_changes entries (accepts 10k, 1.5m, 1e5)
  --target-bytes B   approximate output size instead (e.g. 1.2e9); overrides --changes
  --out FILE         default bench/out/plan-<N>.json
  --seed S           PRNG seed (default 1); same seed + size = byte-identical file`;

function selfCheck() {
  // every generator must emit object keys in sorted order, like cty does
  const u = unitCtx({ seed: 7, call: null, key: undefined, modAddr: '', ctx: null, tmpl: ROOT_TEMPLATE }, 1);
  const check = (v, where) => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) { v.forEach((x, i) => check(x, `${where}[${i}]`)); return; }
    const ks = Object.keys(v);
    for (let i = 1; i < ks.length; i++) if (ks[i - 1] > ks[i]) throw new Error(`unsorted keys at ${where}: ${ks[i - 1]} > ${ks[i]}`);
    for (const k of ks) check(v[k], `${where}.${k}`);
  };
  for (const [type, def] of Object.entries(T)) {
    const v = fixGoogleLabels(def.gen(new Rng(5), u, { name: 'this', key: undefined, i: 0, ord: 0, seed: 3 }));
    check(v, type);
    for (const k of [...(def.c ?? [])]) if (!(k in v)) throw new Error(`${type}: computed key ${k} not in values`);
    for (const p of [...(def.rep ?? []), ...(def.upd ?? []), ...(def.sens ?? [])]) {
      let cur = v;
      for (const k of pathArr(p)) { if (cur == null || !(k in cur)) throw new Error(`${type}: path ${JSON.stringify(p)} not in values`); cur = cur[k]; }
    }
  }
}

async function main() {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) { console.error(e.message); console.error(USAGE); process.exit(2); }
  if (opts.help || (opts.changes == null && opts.targetBytes == null)) { console.error(USAGE); process.exit(opts.help ? 0 : 2); }
  selfCheck();
  const t0 = process.hrtime.bigint();
  let n = opts.changes;
  if (opts.targetBytes != null) {
    // calibrate: generate smaller plans to a counting sink (no file), then scale;
    // a second, larger sample (up to 30k changes, ~5% of the work for 1.2 GB) evens out the mix
    let n0 = 4000;
    for (let round = 0; round < 2; round++) {
      const cs = new Sink(null);
      await writePlan(planLayout(opts.seed, n0), cs);
      n = Math.max(1, Math.round((n0 * opts.targetBytes) / cs.bytes));
      if (!opts.quiet) console.error(`calibration: ${n0} changes = ${cs.bytes} bytes -> ${n} changes for ~${opts.targetBytes} bytes`);
      if (n <= n0) break;
      n0 = Math.min(n, 30000);
    }
  }
  const out = opts.out ?? `bench/out/plan-${n}.json`;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const layout = planLayout(opts.seed, n);
  const sink = new Sink(out);
  const res = await writePlan(layout, sink);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const size = fs.statSync(out).size;
  const selfSrc = fs.readFileSync(fileURLToPath(import.meta.url));
  const counts = {
    generator: 'bench/generate-plan.mjs', generator_version: GENERATOR_VERSION,
    generator_sha256: crypto.createHash('sha256').update(selfSrc).digest('hex'),
    seed: opts.seed, changes: res.total, bytes: size,
    actions: res.counts,
    // the number a checker should find: every change whose actions include "delete"
    // (plain deletes and both replace orders) = jq '[.resource_changes[] | select(.change.actions | index("delete"))] | length'
    with_delete: res.withDelete,
    replaces: res.counts['delete-create'] + res.counts['create-delete'],
    action_reasons: res.reasons,
    resource_drift: res.driftN, moved: res.moved,
    planned_values_resources: res.pvN, prior_state_resources: res.psN, module_calls: res.modules,
    changes_with_sensitive_attributes: res.sensitiveChanges,
    types: Object.fromEntries(Object.entries(res.types).sort()),
  };
  fs.writeFileSync(`${out}.counts.json`, JSON.stringify(counts, null, 2) + '\n');
  if (!opts.quiet) {
    const mb = (size / 1e6).toFixed(1);
    console.log(`wrote ${out}: ${size} bytes (${mb} MB) in ${secs.toFixed(1)} s`);
    console.log(`resource_changes: ${res.total}  (${Object.entries(res.counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    console.log(`changes including "delete": ${res.withDelete}   resource_drift: ${res.driftN}   module calls: ${res.modules}`);
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`counts: ${out}.counts.json`);
  }
}

main().catch((e) => { console.error(e.stack || e); process.exit(1); });
