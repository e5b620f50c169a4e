/**
 * Several plans judged in one run (`planguard check a.json b.json`, or a directory): one report
 * per plan and one combined gate. With one plan the output is exactly the single-plan report.
 */
import type { Report } from './report.js';

/** `--format json` with several plans. Contract version 1, like a single report. */
export interface MultiReport {
  version: 1;
  plans: Report[];
  gate: Report['gate'];
}

export function combinedGate(reports: readonly Report[]): Report['gate'] {
  const first = reports[0];
  if (!first) throw new Error('no reports');
  let blocking = 0;
  for (const r of reports) blocking += r.gate.blocking;
  return { failOn: first.gate.failOn, passed: reports.every((r) => r.gate.passed), blocking };
}

export function multiReport(reports: readonly Report[]): MultiReport {
  return { version: 1, plans: [...reports], gate: combinedGate(reports) };
}
