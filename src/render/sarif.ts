/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * - `tool.driver.rules[]` from the rule metadata (id, title, rationale, fix, severity): every
 *   rule planguard knows, plus a minimal descriptor for any rule id a finding names that the
 *   metadata lacks (a report made by another version).
 * - `level` from the severity: critical/high → error, medium → warning, low/info → note.
 * - Location: a plan has no source position, but GitHub rejects a result without a physical
 *   location ("expected at least one location", "expected artifact location"). Every result
 *   therefore points at the plan file, line 1 (`physicalLocation.artifactLocation.uri` +
 *   `region.startLine`), and names the resource in `logicalLocations[].fullyQualifiedName`
 *   (kind `resource`). GitHub shows such an alert even when the plan file is not committed,
 *   without a code snippet.
 * - `partialFingerprints.planguardFinding/v1`: sha256 of rule id + address (then `:2`, `:3` for
 *   repeats), so an alert keeps its identity across runs, whatever the plan file is called.
 * - An acknowledged finding carries an accepted external suppression with its reason.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../engine/report.js';
import type { Finding, Rule, Severity } from '../engine/types.js';
import { safeProse } from './escape.js';

export type RuleMeta = Pick<Rule, 'id' | 'title' | 'rationale' | 'fix' | 'severity'> & { incidents?: string[] };

export interface SarifOptions {
  /** Rule metadata (rules/index.ts) for `tool.driver.rules`. */
  rules: readonly RuleMeta[];
  /** planguard's version. */
  toolVersion: string;
  /** Overrides the artifact URI the results point at (default: the plan file as given). */
  artifactUri?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'planguardFinding/v1';

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** The plan file as a SARIF artifact URI: relative paths as they are (with `/`), absolute ones as `file://` URIs. */
export function artifactUri(file: string): string {
  if (file === '-' || file === '' || file === 'stdin') return 'stdin';
  const p = file.replace(/\\/g, '/');
  const enc = p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':'))
    .join('/');
  if (/^[A-Za-z]:\//.test(p)) return `file:///${enc}`;
  if (p.startsWith('/')) return `file://${enc}`;
  return enc;
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

function descriptor(r: RuleMeta): Record<string, unknown> {
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: { text: `${r.rationale}\n\nFix: ${r.fix}`, markdown: `${r.rationale}\n\n**Fix:** ${r.fix}` },
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: {
      tags: ['infrastructure-as-code', 'reliability', ...(r.incidents ?? []).map((i) => `incident-${i}`)],
      precision: 'high',
      'problem.severity': sarifLevel(r.severity) === 'note' ? 'recommendation' : sarifLevel(r.severity),
    },
  };
}

function fallbackMeta(f: Finding): RuleMeta {
  return { id: f.ruleId, title: f.ruleId, rationale: f.why, fix: f.fix, severity: f.severity };
}

export function fingerprint(ruleId: string, address: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${address}`).digest('hex');
}

export function renderSarif(report: Report, opts: SarifOptions): string {
  const metas: RuleMeta[] = [...opts.rules];
  const index = new Map(metas.map((r, i) => [r.id, i] as const));
  for (const f of report.findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, metas.length);
      metas.push(fallbackMeta(f));
    }
  }
  const uri = opts.artifactUri ?? artifactUri(report.source.file);
  const seen = new Map<string, number>();
  const results = report.findings.map((f) => {
    const base = fingerprint(f.ruleId, f.address);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const others = (f.addresses ?? []).filter((a) => a !== f.address);
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: sarifLevel(f.severity),
      message: { text: safeProse(f.message) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri, index: 0 }, region: { startLine: 1 } },
          logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: n === 1 ? base : `${base}:${n}` },
      properties: {
        severity: f.severity,
        blocking: f.blocking,
        acknowledged: f.acknowledged,
        ...(f.action ? { action: f.action } : {}),
        ...(f.addresses && f.addresses.length > 1 ? { addresses: f.addresses } : {}),
        ...(f.replacePaths?.length ? { replacePaths: f.replacePaths } : {}),
        ...(f.incident ? { incident: f.incident } : {}),
        fix: f.fix,
      },
    };
    if (others.length > 0) {
      result.relatedLocations = others.map((a, i) => ({
        id: i + 1,
        physicalLocation: { artifactLocation: { uri, index: 0 }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: a, kind: 'resource' }],
        message: { text: a },
      }));
    }
    if (f.acknowledged) {
      result.suppressions = [{ kind: 'external', status: 'accepted', justification: f.acknowledgment?.reason ?? 'acknowledged in .planguard.yml' }];
    }
    return result;
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'planguard', version: opts.toolVersion, semanticVersion: opts.toolVersion, rules: metas.map(descriptor) } },
        artifacts: [{ location: { uri } }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { gate: report.gate, summary: report.summary, source: report.source },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
