import { expect } from 'vitest';
import rule from '../../rules/network-path-removed.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { corpusStaysBelowHigh, messagesAreOneSentence } from '../helpers/corpus-plans.js';
import { created, deleted, replaced, terraformPlan, unchanged, updated } from '../helpers/terraform-plan.js';

type Json = Record<string, unknown>;
type RawChange = { address: string; change: Json & { actions: string[] } } & Json;

const BACKUP_REMOVED = 'fixtures/terraform/handwritten-vpn-backup-removed/plan.json';
const BOTH_REMOVED = 'fixtures/terraform/handwritten-vpn-both-removed/plan.json';
const ASSOCIATION = 'fixtures/terraform/handwritten-route-table-association-replaced/plan.json';

/** Tunnel pre-shared keys in the VPN fixtures: marked sensitive, never printed. */
const PSKS = ['Pk1_q7Vt2mWc9xZr4LbN8sDe', 'Pk2_h3Jy6uTf1oQa5KgX0wRv', 'Bk1_z8Nm3cVb7xLq2WeR5tYu', 'Bk2_p4Os9iUy6tRe1WqA3sDf'];

// The association replaced create-first (create_before_destroy): not critical.
const createFirst = readJson(ASSOCIATION);
for (const rc of createFirst.resource_changes as RawChange[]) {
  if (rc.change.actions.join(',') === 'delete,create') rc.change = { ...rc.change, actions: ['create', 'delete'] };
}

const route = (table: string, cidr: string, target: Json): Json => ({
  route_table_id: table,
  destination_cidr_block: cidr,
  destination_ipv6_cidr_block: '',
  destination_prefix_list_id: '',
  gateway_id: '',
  nat_gateway_id: '',
  transit_gateway_id: '',
  vpc_peering_connection_id: '',
  network_interface_id: '',
  ...target,
});

const record = (id: string, failover: string | null, healthCheck = ''): Json => ({
  zone_id: 'Z0123456789ABCDEFGHIJ',
  name: 'api.acme.example',
  type: 'A',
  set_identifier: failover ? id : '',
  failover_routing_policy: failover ? [{ type: failover }] : [],
  health_check_id: healthCheck,
  records: ['203.0.113.10'],
  alias: [],
  weighted_routing_policy: [],
  ttl: 60,
});

const tunnel = (name: string): Json => ({ name, vpn_gateway: 'projects/acme/regions/europe-west1/vpnGateways/ha-vpn', router: 'cr-1', shared_secret: 'x' });

ruleTester(rule, {
  valid: [
    { name: 'harmless: tags on a VPN connection, a route created, a record unchanged', plan: 'fixtures/terraform/handwritten-availability-harmless/plan.json' },
    { name: 'an HA change on a cache is not a network path', plan: 'fixtures/terraform/handwritten-cache-failover-off/plan.json' },
    { name: 'corpus: a VPC built from scratch (routes, tables, associations, NAT created)', plan: 'fixtures/corpus/terraform/checkov__plan-aws-55-resources.json' },
    { name: 'corpus: Azure ExpressRoute created', plan: 'fixtures/corpus/terraform/infracost__azure-express-route-gateway.json' },
    {
      name: 'an in-place change that is not a path change (tags on a route table)',
      plan: terraformPlan([updated('aws_route_table.private', { id: 'rtb-1', route: [], tags: { a: '1' } }, { tags: { a: '2' } })]),
    },
    {
      name: 'a Pulumi delete with retainOnDelete only forgets the NAT gateway: the path stays up',
      plan: (() => {
        const p = terraformPlan([deleted('aws_nat_gateway.a', { id: 'nat-1', subnet_id: 'subnet-1' })]);
        return { ...p, changes: p.changes.map((c) => ({ ...c, retainOnDelete: true })) };
      })(),
    },
    {
      name: 'a route whose target is already unset stays silent when it becomes unknown',
      plan: terraformPlan([
        updated('aws_route.x', route('rtb-1', '10.0.0.0/8', {}), {}, { afterUnknown: { nat_gateway_id: true } }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'incident 004: the backup VPN connection removed, the primary left alone',
      plan: BACKUP_REMOVED,
      findings: [
        { address: 'aws_customer_gateway.backup', severity: 'high' },
        { address: 'aws_vpn_connection.backup', severity: 'high' },
      ],
      check: (fs) => {
        const vpn = fs.find((f) => f.address === 'aws_vpn_connection.backup')!;
        expect(vpn.message).toBe(
          '`aws_vpn_connection.backup` (VPN) is deleted: `aws_vpn_connection.primary` is left as the only path sharing `vpn_gateway_id` = vgw-0a1b2c3d4e5f60718: no redundant path is left, so its next failure is an outage.',
        );
        expect(vpn.data).toMatchObject({ category: 'vpn', redundancy: 'no-redundant-path-left' });
        expect(vpn.incident).toBe('004');
        expect(vpn.action).toBe('delete');
        const text = JSON.stringify(fs);
        for (const psk of PSKS) expect(text).not.toContain(psk);
      },
    },
    {
      name: 'both VPN connections removed in one plan: one critical finding for the pair',
      plan: BOTH_REMOVED,
      findings: [
        { address: 'aws_vpn_connection.backup', severity: 'critical' },
        { address: 'aws_customer_gateway.backup', severity: 'high' },
        { address: 'aws_customer_gateway.primary', severity: 'high' },
      ],
      check: (fs) => {
        const pair = fs.find((f) => f.severity === 'critical')!;
        expect(pair.addresses).toEqual(['aws_vpn_connection.backup', 'aws_vpn_connection.primary']);
        expect(pair.message).toBe(
          '2 of 2 `aws_vpn_connection` sharing `vpn_gateway_id` = vgw-0a1b2c3d4e5f60718 (`aws_vpn_connection.backup`, `aws_vpn_connection.primary`) are deleted in one plan: the backup path goes together with the primary and no path is left.',
        );
        expect(pair.data).toMatchObject({ redundantSet: true, destroyed: 2, members: 2 });
        const text = JSON.stringify(fs);
        for (const psk of PSKS) expect(text).not.toContain(psk);
      },
    },
    {
      name: 'a route table association replaced delete-first: critical, forced by subnet_id',
      plan: ASSOCIATION,
      findings: [{ address: 'aws_route_table_association.private["app"]', severity: 'critical' }],
      check: ([f]) => {
        expect(f!.message).toBe(
          '`aws_route_table_association.private["app"]` (route table association) is destroyed and re-created (forced by `subnet_id`; the old one is deleted before the new one exists): the subnet falls back to the default routes of its network until the new one exists.',
        );
        expect(f!.replacePaths).toEqual(['subnet_id']);
        expect(f!.replaceOrder).toBe('delete-first');
        expect(f!.action).toBe('replace');
      },
    },
    {
      name: 'the same association replaced create-first: high',
      plan: planFromJson(createFirst),
      findings: [{ address: 'aws_route_table_association.private["app"]', severity: 'high' }],
      check: ([f]) => expect(f!.replaceOrder).toBe('create-first'),
    },
    {
      name: 'a NAT gateway deleted',
      plan: terraformPlan([deleted('aws_nat_gateway.a', { id: 'nat-1', subnet_id: 'subnet-1', allocation_id: 'eipalloc-1' })]),
      findings: [{ address: 'aws_nat_gateway.a', severity: 'high' }],
      check: ([f]) => expect(f!.message).toBe('`aws_nat_gateway.a` (NAT gateway) is deleted: private subnets lose their way out.'),
    },
    {
      name: 'a route re-pointed in place: medium, value not quoted',
      plan: terraformPlan([updated('aws_route.default', route('rtb-1', '0.0.0.0/0', { nat_gateway_id: 'nat-1' }), { nat_gateway_id: 'nat-2' })]),
      findings: [{ address: 'aws_route.default', severity: 'medium' }],
      check: ([f]) => {
        expect(f!.message).toContain('changes `nat_gateway_id` in place');
        expect(f!.message).not.toContain('nat-2');
      },
    },
    {
      name: 'a route target that becomes known only after apply: medium',
      plan: terraformPlan([
        updated('aws_route.default', route('rtb-1', '0.0.0.0/0', { nat_gateway_id: 'nat-1' }), { nat_gateway_id: undefined }, { afterUnknown: { nat_gateway_id: true } }),
      ]),
      findings: [{ address: 'aws_route.default', severity: 'medium' }],
      check: ([f]) => expect(f!.message).toContain('`nat_gateway_id` (known after apply)'),
    },
    {
      name: 'a route moved to another address: deleted and re-created with the same destination',
      plan: terraformPlan([
        deleted('aws_route.old', route('rtb-1', '10.200.0.0/16', { gateway_id: 'vgw-1' })),
        created('aws_route.dc', route('rtb-1', '10.200.0.0/16', { gateway_id: 'vgw-1' })),
      ]),
      findings: [{ address: 'aws_route.old', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toContain('re-created as `aws_route.dc`');
        expect(f!.data).toMatchObject({ redundancy: 're-created' });
      },
    },
    {
      name: 'a route created with a destination table known only after apply is not taken for a re-creation',
      plan: terraformPlan([
        deleted('aws_route.old', route('rtb-1', '10.200.0.0/16', { gateway_id: 'vgw-1' })),
        created('aws_route.dc', { ...route('rtb-1', '10.200.0.0/16', { gateway_id: 'vgw-1' }), route_table_id: undefined }, { afterUnknown: { route_table_id: true } }),
      ]),
      findings: [{ address: 'aws_route.old', severity: 'high' }],
      check: ([f]) => {
        expect(f!.message).toBe('`aws_route.old` (route) is deleted: traffic to its destination loses this route.');
        expect(f!.data).not.toHaveProperty('redundancy');
      },
    },
    {
      name: 'a plain DNS record deleted: medium (catalog); a failover pair deleted together: critical',
      plan: terraformPlan([
        deleted('aws_route53_record.www', { ...record('www', null), name: 'www.acme.example' }),
        deleted('aws_route53_record.api_primary', record('primary', 'PRIMARY', 'hc-1')),
        deleted('aws_route53_record.api_secondary', record('secondary', 'SECONDARY')),
      ]),
      findings: [
        { address: 'aws_route53_record.www', severity: 'medium' },
        { address: 'aws_route53_record.api_primary', severity: 'critical' },
      ],
    },
    {
      name: 'one record of a failover pair deleted: no redundant path left (high)',
      plan: terraformPlan([
        unchanged('aws_route53_record.api_primary', record('primary', 'PRIMARY', 'hc-1')),
        deleted('aws_route53_record.api_secondary', record('secondary', 'SECONDARY')),
      ]),
      findings: [{ address: 'aws_route53_record.api_secondary', severity: 'high' }],
      check: ([f]) => expect(f!.message).toContain('no redundant path is left'),
    },
    {
      name: 'one of three HA VPN tunnels deleted: high, the others remain',
      plan: terraformPlan([
        unchanged('google_compute_vpn_tunnel.a', tunnel('a')),
        unchanged('google_compute_vpn_tunnel.b', tunnel('b')),
        deleted('google_compute_vpn_tunnel.c', tunnel('c'), { beforeSensitive: { shared_secret: true } }),
      ]),
      findings: [{ address: 'google_compute_vpn_tunnel.c', severity: 'high' }],
      check: ([f]) => expect(f!.message).toContain('2 other paths sharing `vpn_gateway` = projects/acme/regions/europe-west1/vpnGateways/ha-vpn remain'),
    },
    {
      name: 'a security group deleted: medium (catalog outage: filtering only)',
      plan: terraformPlan([deleted('aws_security_group.legacy', { id: 'sg-1', name: 'legacy' })]),
      findings: [{ address: 'aws_security_group.legacy', severity: 'medium' }],
    },
    {
      name: 'a DNS zone replaced is critical (zones are reported here, not by the data-store rule)',
      plan: terraformPlan([replaced('aws_route53_zone.main', { name: 'acme.example', zone_id: 'Z1' }, { name: 'acme.example.' }, [['name']], true)]),
      findings: [{ address: 'aws_route53_zone.main', severity: 'critical' }],
    },
  ],
});

corpusStaysBelowHigh(rule);
messagesAreOneSentence(rule);
