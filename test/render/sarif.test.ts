/**
 * SARIF 2.1.0 as GitHub code scanning takes it. The structure is checked against the schema's
 * rules for the objects planguard writes (required properties, no property the schema does not
 * define: it sets additionalProperties false) and against what GitHub's upload requires (a
 * physical location with an artifact URI and a start line on every result, partialFingerprints).
 */
import { describe, expect, it } from 'vitest';
import { renderSarif, artifactUri, fingerprint, FINGERPRINT_KEY, sarifLevel } from '../../src/render/sarif.js';
import { DEFAULT_CONFIG } from '../../src/engine/types.js';
import { runRules } from '../../src/engine/run.js';
import { buildReport } from '../../src/engine/report.js';
import { rules } from '../../rules/index.js';
import { loadPlan } from '../helpers/plans.js';
import { reportFor } from './helpers.js';

type J = Record<string, unknown>;

const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  logicalLocation: ['name', 'index', 'fullyQualifiedName', 'decoratedName', 'parentIndex', 'kind', 'properties'],
  suppression: ['guid', 'kind', 'status', 'justification', 'location', 'properties'],
  artifact: ['description', 'location', 'parentIndex', 'offset', 'length', 'roles', 'mimeType', 'contents', 'encoding', 'sourceLanguage', 'hashes', 'lastModifiedTimeUtc', 'properties'],
};

function only(o: unknown, kind: string, where: string): J {
  expect(typeof o === 'object' && o !== null && !Array.isArray(o), `${where} is an object`).toBe(true);
  for (const k of Object.keys(o as J)) expect(ALLOWED[kind], `${where}.${k} is a ${kind} property`).toContain(k);
  return o as J;
}

function message(o: unknown, where: string): void {
  const m = only(o, 'message', where);
  expect(typeof m.text === 'string' && m.text.length > 0, `${where}.text`).toBe(true);
}

function location(o: unknown, where: string): void {
  const l = only(o, 'location', where);
  const p = only(l.physicalLocation, 'physicalLocation', `${where}.physicalLocation`);
  const a = only(p.artifactLocation, 'artifactLocation', `${where}.physicalLocation.artifactLocation`);
  expect(typeof a.uri === 'string' && a.uri.length > 0 && !a.uri.includes('\\')).toBe(true);
  const r = only(p.region, 'region', `${where}.physicalLocation.region`);
  expect(Number.isInteger(r.startLine) && (r.startLine as number) >= 1).toBe(true);
  for (const [i, ll] of ((l.logicalLocations as unknown[]) ?? []).entries()) {
    const x = only(ll, 'logicalLocation', `${where}.logicalLocations[${i}]`);
    expect(typeof x.fullyQualifiedName).toBe('string');
  }
  if (l.message !== undefined) message(l.message, `${where}.message`);
}

/** Validate a SARIF log as GitHub code scanning needs it; returns the run. */
export function validateSarif(text: string): J {
  const log = only(JSON.parse(text), 'log', 'log');
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/^https:\/\/.*sarif-2\.1\.0.*\.json$/);
  expect(Array.isArray(log.runs) && log.runs.length === 1).toBe(true);
  const run = only((log.runs as unknown[])[0], 'run', 'run');
  const driver = only((run.tool as J).driver, 'toolComponent', 'driver');
  expect(Object.keys(run.tool as J)).toEqual(['driver']);
  expect(driver.name).toBe('planguard');
  const ruleList = driver.rules as unknown[];
  const ids = ruleList.map((r, i) => {
    const d = only(r, 'reportingDescriptor', `rules[${i}]`);
    expect(typeof d.id).toBe('string');
    only(d.shortDescription, 'multiformatMessageString', `rules[${i}].shortDescription`);
    only(d.fullDescription, 'multiformatMessageString', `rules[${i}].fullDescription`);
    only(d.help, 'multiformatMessageString', `rules[${i}].help`);
    expect(['none', 'note', 'warning', 'error']).toContain(only(d.defaultConfiguration, 'reportingConfiguration', 'defaultConfiguration').level);
    return d.id as string;
  });
  expect(new Set(ids).size).toBe(ids.length);
  for (const [i, a] of ((run.artifacts as unknown[]) ?? []).entries()) only(only(a, 'artifact', `artifacts[${i}]`).location, 'artifactLocation', `artifacts[${i}].location`);
  for (const [i, r] of (run.results as unknown[]).entries()) {
    const res = only(r, 'result', `results[${i}]`);
    expect(ids[res.ruleIndex as number]).toBe(res.ruleId);
    expect(['none', 'note', 'warning', 'error']).toContain(res.level);
    message(res.message, `results[${i}].message`);
    // GitHub: "expected at least one location" / "expected artifact location" otherwise.
    expect((res.locations as unknown[]).length).toBeGreaterThanOrEqual(1);
    (res.locations as unknown[]).forEach((l, j) => location(l, `results[${i}].locations[${j}]`));
    ((res.relatedLocations as unknown[]) ?? []).forEach((l, j) => location(l, `results[${i}].relatedLocations[${j}]`));
    const fp = res.partialFingerprints as Record<string, string>;
    expect(Object.values(fp).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    for (const s of (res.suppressions as unknown[]) ?? []) expect(['inSource', 'external']).toContain(only(s, 'suppression', 'suppression').kind);
  }
  return run;
}

describe('SARIF', () => {
  it('is a SARIF 2.1.0 log GitHub code scanning accepts, on every fixture with findings', () => {
    for (const p of ['fixtures/terraform/db-node-rename/plan.json', 'fixtures/terraform/foreach-key-rename/plan.json', 'fixtures/terraform/errored/plan.json', 'fixtures/terraform/handwritten-hostile-text/plan.json']) {
      const report = reportFor(p, { protect: ['*'] });
      expect(report.findings.length).toBeGreaterThan(0);
      const run = validateSarif(renderSarif(report, { rules, toolVersion: '0.1.0' }));
      expect((run.results as unknown[]).length).toBe(report.findings.length);
    }
  });

  it('rules[] come from the rule metadata', () => {
    const run = validateSarif(renderSarif(reportFor('fixtures/terraform/noop/plan.json'), { rules, toolVersion: '0.1.0' }));
    const driver = (run.tool as J).driver as J;
    const list = driver.rules as J[];
    expect(list.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const r of rules) {
      const d = list.find((x) => x.id === r.id)!;
      expect(d.shortDescription).toEqual({ text: r.title });
      expect(d.fullDescription).toEqual({ text: r.rationale });
      expect((d.help as J).text).toBe(`${r.rationale}\n\nFix: ${r.fix}`);
      expect((d.defaultConfiguration as J).level).toBe(sarifLevel(r.severity));
    }
    expect(run.results).toEqual([]);
  });

  it('levels follow severities; the resource is the logical location; the plan file the physical one', () => {
    expect([sarifLevel('critical'), sarifLevel('high'), sarifLevel('medium'), sarifLevel('low'), sarifLevel('info')]).toEqual(['error', 'error', 'warning', 'note', 'note']);
    const report = reportFor('fixtures/terraform/foreach-key-rename/plan.json', { protect: ['terraform_data.db_node["orders-db-05"]'] });
    const run = validateSarif(renderSarif(report, { rules, toolVersion: '0.1.0' }));
    const results = run.results as J[];
    const prot = results.find((r) => r.ruleId === 'protected-resource-destroyed')!;
    expect(prot.level).toBe('error');
    const loc = (prot.locations as J[])[0]!;
    expect(loc.logicalLocations).toEqual([{ fullyQualifiedName: 'terraform_data.db_node["orders-db-05"]', kind: 'resource' }]);
    expect(((loc.physicalLocation as J).artifactLocation as J).uri).toMatch(/^file:\/\/\/.*fixtures\/terraform\/foreach-key-rename\/plan\.json$/);
  });

  it('fingerprints are rule id + address: stable across runs and plan file names, different per resource', () => {
    const a = reportFor('fixtures/terraform/foreach-key-rename/plan.json', { protect: ['*'] });
    const plan = loadPlan('fixtures/terraform/foreach-key-rename/plan.json');
    plan.file = 'elsewhere/other-name.json';
    const b = buildReport(plan, runRules(plan, rules, { ...DEFAULT_CONFIG, protect: ['*'] }, { today: '2030-01-01' }));
    const fp = (r: typeof a) => (JSON.parse(renderSarif(r, { rules, toolVersion: '9.9.9' })).runs[0].results as J[]).map((x) => (x.partialFingerprints as J)[FINGERPRINT_KEY]);
    expect(fp(b)).toEqual(fp(a));
    expect(new Set(fp(a)).size).toBe(fp(a).length);
    expect(fp(a)[0]).toBe(fingerprint(a.findings[0]!.ruleId, a.findings[0]!.address));
    expect(fingerprint('r', 'a')).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('r', 'a')).not.toBe(fingerprint('r', 'b'));
  });

  it('an acknowledged finding carries an accepted suppression with its reason', () => {
    const plan = loadPlan('fixtures/terraform/foreach-key-rename/plan.json');
    const config = { ...DEFAULT_CONFIG, protect: ['terraform_data.db_node*'], acknowledge: [{ address: 'terraform_data.db_node["orders-db-04"]', reason: 'retired in OPS-1' }] };
    const report = buildReport(plan, runRules(plan, rules, config, { today: '2026-01-01' }));
    const run = validateSarif(renderSarif(report, { rules, toolVersion: '0.1.0' }));
    const acked = (run.results as J[]).filter((r) => r.suppressions);
    expect(acked.length).toBeGreaterThan(0);
    for (const r of acked) expect(r.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'retired in OPS-1' }]);
  });

  it('artifact URIs: relative paths kept, absolute ones as file URIs, stdin named', () => {
    expect(artifactUri('plans/prod plan.json')).toBe('plans/prod%20plan.json');
    expect(artifactUri('/ci/work/plan.json')).toBe('file:///ci/work/plan.json');
    expect(artifactUri('C:\\ci\\plan.json')).toBe('file:///C:/ci/plan.json');
    expect(artifactUri('-')).toBe('stdin');
  });
});
