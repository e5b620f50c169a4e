/**
 * The Report: the one JSON-serialisable hub every renderer reads. Contract version 1 (see
 * DESIGN.md "Output contract"): fields may be added, never renamed or removed without a bump.
 */
import type { Action, Plan, ResourceChange, SourceKind } from '../model/types.js';
import { groupKey } from '../model/address.js';
import type { AcknowledgmentStatus, Finding, Severity } from './types.js';
import type { EngineResult } from './run.js';

export interface Summary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  noop: number;
  move: number;
  import: number;
  forget: number;
  unknown: number;
  drift: number;
}

export interface ChangeView {
  address: string;
  type: string;
  action: Action;
  rawActions: string[];
  group: string;
  module?: string;
  index?: string | number;
  replaceOrder?: 'delete-first' | 'create-first';
  reason?: string;
  previousAddress?: string;
  importing?: boolean;
  deposed?: string;
  replacePaths?: string[];
}

export interface Report {
  version: 1;
  source: { kind: SourceKind; file: string; formatVersion?: string; toolVersion?: string };
  summary: Summary;
  findings: Finding[];
  gate: { failOn: Severity; passed: boolean; blocking: number };
  acknowledgments: AcknowledgmentStatus[];
  /** Every change that is not a no-op or a read, in plan order. */
  changes: ChangeView[];
}

export function summarize(plan: Plan): Summary {
  const s: Summary = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, move: 0, import: 0, forget: 0, unknown: 0, drift: plan.drift.length };
  for (const c of plan.changes) {
    switch (c.action) {
      case 'create':
        s.create++;
        break;
      case 'update':
        s.update++;
        break;
      case 'replace':
        s.replace++;
        break;
      case 'delete':
        s.delete++;
        break;
      case 'read':
        s.read++;
        break;
      case 'no-op':
        s.noop++;
        break;
      case 'import':
        break;
      case 'forget':
        s.forget++;
        break;
      case 'unknown':
        s.unknown++;
        break;
    }
    if (c.previousAddress) s.move++;
    if (c.importing) s.import++;
  }
  return s;
}

export function changeView(c: ResourceChange): ChangeView {
  const v: ChangeView = { address: c.address, type: c.type, action: c.action, rawActions: c.rawActions, group: groupKey(c) };
  if (c.module) v.module = c.module;
  if (c.index !== undefined) v.index = c.index;
  if (c.replaceOrder) v.replaceOrder = c.replaceOrder;
  if (c.reason) v.reason = c.reason;
  if (c.previousAddress) v.previousAddress = c.previousAddress;
  if (c.importing) v.importing = true;
  if (c.deposed) v.deposed = c.deposed;
  if (c.replacePaths.length > 0) v.replacePaths = c.replacePaths.map((p) => p.join('.'));
  return v;
}

export function buildReport(plan: Plan, result: EngineResult): Report {
  const source: Report['source'] = { kind: plan.source, file: plan.file };
  if (plan.formatVersion) source.formatVersion = plan.formatVersion;
  if (plan.toolVersion) source.toolVersion = plan.toolVersion;
  return {
    version: 1,
    source,
    summary: summarize(plan),
    findings: result.findings,
    gate: result.gate,
    acknowledgments: result.acknowledgments,
    changes: plan.changes.filter((c) => c.action !== 'no-op' && c.action !== 'read' || c.previousAddress || c.importing).map(changeView),
  };
}
