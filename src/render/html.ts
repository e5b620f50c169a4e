/**
 * `--format html`: one self-contained file a reviewer opens in a browser (issue 16).
 *
 * The verdict and the findings first (as in the Markdown review), then the blast radius drawn as
 * an SVG graph (each destroyed or replaced resource, and the resources whose configuration
 * references it, from the findings' `dependents`), then the full noise-reduced diff, one
 * collapsible entry per group, filterable by action, severity and text.
 *
 * Safety, as in every format:
 * - Every string from the plan passes through `text()`: invisible and control characters become
 *   visible `\u{…}` escapes, then `& < > " '` become entities. Plan text is only ever element
 *   text or a double-quoted attribute value, never markup, a URL or script.
 * - A Content-Security-Policy allows nothing remote and no inline code but this file's own one
 *   script and one style sheet, by hash: no request can leave the page.
 * - The script reads only `data-*` attributes and toggles `hidden` and the graph's `viewBox`; it
 *   never writes markup.
 * - Values come from the report's masked diff: a sensitive value is `(sensitive)` before it
 *   reaches this file.
 *
 * Loaded only for `--format html` (a dynamic import in the CLI): it costs other formats nothing.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../engine/report.js';
import type { Finding, Severity } from '../engine/types.js';
import { safeLine } from './escape.js';
import { countsLine, findingBlocks, footerLine, reviewModel, verdict, type FindingBlock, type GroupView } from './review.js';
import { groupLines, type GroupLineOptions } from './text.js';

export interface HtmlOptions {
  toolVersion: string;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const rank = (s: Severity | 'none') => (s === 'none' ? SEVERITY_ORDER.length : SEVERITY_ORDER.indexOf(s));

/** Plan text as HTML text or a double-quoted attribute value. */
export function text(s: string): string {
  return safeLine(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Multi-line plan text: each line made safe, the line breaks kept (the element is pre-wrap). */
function lines(s: string): string {
  return s.split(/\r\n|\n/).map(text).join('\n');
}

function sha256(s: string): string {
  return `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
}

const STYLE = `
:root{--del:#c62828;--rep:#ef6c00;--upd:#1565c0;--add:#2e7d32;--dep:#607d8b;--crit:#7f0000;--fg:#1b1b1b;--muted:#666;--bg:#fff;--line:#ddd}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.verdict{padding:10px 14px;border-radius:6px;font-weight:600;font-size:16px}.verdict.blocked{background:#fdecea;color:var(--crit)}.verdict.pass{background:#e8f5e9;color:#1b5e20}
.counts,.foot,.meta{color:var(--muted)}
.finding{border-left:4px solid var(--line);padding:6px 10px;margin:8px 0;background:#fafafa;list-style:none}
.finding.critical{border-color:var(--crit)}.finding.high{border-color:var(--del)}.finding.medium{border-color:var(--rep)}.finding.low,.finding.info{border-color:var(--upd)}
.sev{display:inline-block;min-width:64px;font-weight:700;text-transform:uppercase;font-size:12px}.rule{font-family:ui-monospace,monospace;color:var(--muted)}
.why,.fix{white-space:pre-wrap;margin:4px 0}.addr{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
ul.findings{padding:0}ul.msgs{margin:4px 0;padding-left:18px}ul.msgs li{margin:2px 0;overflow-wrap:anywhere}.deps{color:var(--muted)}.count{color:var(--muted)}
.controls{position:sticky;top:0;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:12px;align-items:center;z-index:2}
.controls input[type=search]{min-width:260px;padding:4px 6px}
details.group{border:1px solid var(--line);border-radius:4px;margin:6px 0}details.group>summary{cursor:pointer;padding:4px 8px;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
details.group.delete>summary{background:#fdecea}details.group.replace>summary{background:#fff3e0}details.group.update>summary{background:#e3f2fd}details.group.create>summary{background:#e8f5e9}
details.group pre{margin:0;padding:6px 10px;overflow-x:auto;font-size:12.5px;white-space:pre-wrap;overflow-wrap:anywhere}
.graphbox{border:1px solid var(--line);border-radius:4px;position:relative}svg.graph{width:100%;height:auto;max-height:80vh;display:block;cursor:grab;user-select:none}
.zoom{position:absolute;right:8px;top:8px;display:flex;gap:4px}.zoom button{font-size:14px;min-width:28px}
svg .module-label{font:600 12px system-ui,sans-serif;fill:var(--muted)}svg .node text{font:12px ui-monospace,monospace;fill:#fff}svg .node.dependent text{fill:#fff}
svg .edge{fill:none;stroke:#90a4ae;stroke-width:1.5}svg .module{fill:#f5f5f5;stroke:#e0e0e0}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--muted);font-size:12px;margin:6px 0}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-2px}
.l-del{background:var(--del)}.l-rep{background:var(--rep)}.l-dep{background:var(--dep)}.l-crit{background:#fff;border:3px solid var(--crit)}
[hidden]{display:none!important}
`;

/** The page's one script: filtering, and zoom and pan of each graph. Reads data-* only; writes no markup. */
const SCRIPT = `
(function () {
  var sevRank = { critical: 0, high: 1, medium: 2, low: 3, info: 4, none: 5 };
  function apply() {
    var actions = {};
    document.querySelectorAll('input[data-filter-action]').forEach(function (box) { actions[box.getAttribute('data-filter-action')] = box.checked; });
    var min = document.getElementById('pg-severity').value;
    var q = document.getElementById('pg-search').value.toLowerCase();
    var shown = 0;
    document.querySelectorAll('[data-filterable]').forEach(function (el) {
      var a = el.getAttribute('data-action');
      var s = el.getAttribute('data-severity');
      var okA = actions[a] !== false;
      var okS = min === 'all' || sevRank[s] <= sevRank[min];
      var okQ = !q || (el.getAttribute('data-search') || '').indexOf(q) >= 0;
      el.hidden = !(okA && okS && okQ);
      if (!el.hidden) shown++;
    });
    document.getElementById('pg-shown').textContent = String(shown);
  }
  document.querySelectorAll('input[data-filter-action], #pg-severity').forEach(function (el) { el.addEventListener('change', apply); });
  document.getElementById('pg-search').addEventListener('input', apply);
  document.getElementById('pg-expand').addEventListener('click', function () { document.querySelectorAll('details.group').forEach(function (d) { if (!d.hidden) d.open = true; }); });
  document.getElementById('pg-collapse').addEventListener('click', function () { document.querySelectorAll('details.group').forEach(function (d) { d.open = false; }); });
  document.querySelectorAll('svg.graph').forEach(function (svg) {
    var base = svg.getAttribute('viewBox').split(' ').map(Number);
    var vb = base.slice();
    function set() { svg.setAttribute('viewBox', vb.join(' ')); }
    function zoom(f, cx, cy) {
      var w = vb[2] * f, h = vb[3] * f;
      if (w < 50 || w > base[2] * 20) return;
      vb = [cx - (cx - vb[0]) * f, cy - (cy - vb[1]) * f, w, h];
      set();
    }
    function point(ev) {
      var r = svg.getBoundingClientRect();
      return [vb[0] + (ev.clientX - r.left) / r.width * vb[2], vb[1] + (ev.clientY - r.top) / r.height * vb[3]];
    }
    svg.addEventListener('wheel', function (ev) { ev.preventDefault(); var p = point(ev); zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p[0], p[1]); }, { passive: false });
    var drag = null;
    svg.addEventListener('pointerdown', function (ev) { drag = [ev.clientX, ev.clientY, vb[0], vb[1]]; svg.setPointerCapture(ev.pointerId); });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      vb[0] = drag[2] - (ev.clientX - drag[0]) / r.width * vb[2];
      vb[1] = drag[3] - (ev.clientY - drag[1]) / r.height * vb[3];
      set();
    });
    svg.addEventListener('pointerup', function () { drag = null; });
    var box = svg.parentNode;
    box.querySelector('[data-zoom=in]').addEventListener('click', function () { zoom(1 / 1.3, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); });
    box.querySelector('[data-zoom=out]').addEventListener('click', function () { zoom(1.3, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); });
    box.querySelector('[data-zoom=reset]').addEventListener('click', function () { vb = base.slice(); set(); });
  });
  // A link can carry a filter: #actions=delete,replace&severity=high&search=db
  var h = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (h.get('actions')) {
    var want = h.get('actions').split(',');
    document.querySelectorAll('input[data-filter-action]').forEach(function (box) { box.checked = want.indexOf(box.getAttribute('data-filter-action')) >= 0; });
  }
  var sevSel = document.getElementById('pg-severity');
  if (h.get('severity') && sevSel.querySelector('option[value="' + h.get('severity').replace(/[^a-z]/g, '') + '"]')) sevSel.value = h.get('severity').replace(/[^a-z]/g, '');
  if (h.get('search')) document.getElementById('pg-search').value = h.get('search');
  apply();
})();
`;

/** The CSP of every page: nothing remote, nothing inline but the two blocks above. */
export function contentSecurityPolicy(): string {
  return `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderHtml(reports: Report | readonly Report[], opts: HtmlOptions): string {
  const list: readonly Report[] = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  const blocked = list.some((r) => !r.gate.passed);
  const title = `planguard: ${blocked ? 'BLOCKED' : 'PASS'}${list.length === 1 ? ` (${list[0]!.source.file})` : ` (${list.length} plans)`}`;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${text(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${text(title)}</h1>`,
    `<p class="meta">planguard ${text(opts.toolVersion)}. Plan text on this page is shown as text only; nothing is loaded from anywhere.</p>`,
  ];
  out.push(...controls());
  list.forEach((r, i) => out.push(...reportSection(r, i, list.length > 1)));
  out.push(`<script>${SCRIPT}</script>`, '</body></html>', '');
  return out.join('\n');
}

function reportSection(report: Report, n: number, several: boolean): string[] {
  const v = verdict(report);
  const model = reviewModel(report);
  const out: string[] = [];
  if (several) out.push(`<h2>${text(report.source.file)}</h2>`);
  out.push(`<p class="verdict ${v.blocked ? 'blocked' : 'pass'}">${text(v.text)}</p>`, `<p class="counts">${text(countsLine(report))}</p>`);

  // Findings first.
  out.push(`<h2 id="findings-${n}">Findings (${report.findings.length})</h2>`);
  if (report.findings.length === 0) out.push('<p>No findings.</p>');
  else {
    out.push('<ul class="findings">');
    for (const b of findingBlocks(report.findings)) out.push(findingBlock(b, report));
    out.push('</ul>');
  }

  // The blast radius.
  out.push(`<h2 id="graph-${n}">Blast radius</h2>`, ...graph(report, n));

  // The diff.
  out.push(`<h2 id="diff-${n}">Changes (${model.groups.length} entries)</h2>`);
  const sevOf = severityByAddress(report.findings);
  const lineOpts: GroupLineOptions = { paint: (_s, x) => x, width: undefined, createAttrs: true, maxAttrLines: 500, maxMembers: 1000, padSymbol: false };
  for (const g of model.groups) {
    const ls = groupLines(g, lineOpts);
    const sev = groupSeverity(g, sevOf);
    const search = [g.group, g.type, ...g.members.map((m) => m.change.address)].join(' ').toLowerCase();
    const open = g.kind === 'delete' || g.kind === 'replace' ? ' open' : '';
    out.push(
      `<details class="group ${text(g.kind)}" data-filterable data-action="${text(g.kind)}" data-severity="${sev}" data-search="${text(search)}"${open}>`,
      `<summary>${text(ls[0] ?? g.group)}</summary>`,
      ls.length > 1 ? `<pre>${ls.slice(1).map(text).join('\n')}</pre>` : '',
      '</details>',
    );
  }
  const foot = footerLine(report, model);
  if (foot) out.push(`<p class="foot">${text(foot)}</p>`);
  return out;
}

function findingBlock(b: FindingBlock, report: Report): string {
  const search = b.findings.flatMap((f) => [f.ruleId, f.address, ...(f.addresses ?? []), f.message]).join(' ').toLowerCase();
  const first = b.findings[0]!;
  const items = b.findings.map((f) => {
    const deps = f.dependents && f.dependents.length ? ` <span class="deps">(referenced by <span class="addr">${f.dependents.map(text).join(', ')}</span>)</span>` : '';
    const fix = b.fix === undefined && f.fix ? `<p class="fix">Fix: ${lines(f.fix)}</p>` : '';
    return `<li><span class="msg">${text(f.message)}</span>${deps}${fix}</li>`;
  });
  return [
    `<li class="finding ${b.severity}" data-filterable data-action="${text(actionOf(first, report))}" data-severity="${b.severity}" data-search="${text(search)}">`,
    `<div><span class="sev">${b.severity}</span> <span class="rule">${text(b.ruleId)}</span> <span class="status">${b.status}</span>${b.findings.length > 1 ? ` <span class="count">${b.findings.length} findings</span>` : ''}</div>`,
    `<ul class="msgs">${items.join('')}</ul>`,
    b.why ? `<p class="why">${lines(b.why)}</p>` : '',
    b.fix ? `<p class="fix">Fix: ${lines(b.fix)}</p>` : '',
    '</li>',
  ].join('');
}

function actionOf(f: Finding, report: Report): string {
  if (f.action) return f.action;
  return report.changes.find((c) => c.address === f.address)?.action ?? 'none';
}

function severityByAddress(findings: readonly Finding[]): Map<string, Severity> {
  const m = new Map<string, Severity>();
  for (const f of findings) {
    for (const a of [f.address, ...(f.addresses ?? [])]) {
      const cur = m.get(a);
      if (cur === undefined || rank(f.severity) < rank(cur)) m.set(a, f.severity);
    }
  }
  return m;
}

function groupSeverity(g: GroupView, sevOf: Map<string, Severity>): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const m of g.members) {
    const s = sevOf.get(m.change.address);
    if (s && rank(s) < rank(best)) best = s;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The graph: destroyed and replaced resources on the left, grouped by module, the resources that
// reference them on the right, an edge from each referencing resource to what it references.

export interface GraphModel {
  targets: { address: string; module: string; action: string; severity: Severity | 'none' }[];
  dependents: { address: string; module: string }[];
  edges: { from: string; to: string }[];
}

function moduleOf(address: string): string {
  const m = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  const prefix = (m?.[1] ?? '').replace(/\.$/, '');
  return prefix || '(root module)';
}

export function graphModel(report: Report): GraphModel {
  const sevOf = severityByAddress(report.findings);
  const targets = report.changes
    .filter((c) => c.action === 'delete' || c.action === 'replace')
    .map((c) => ({ address: c.address, module: moduleOf(c.address), action: c.action, severity: sevOf.get(c.address) ?? ('none' as const) }));
  const isTarget = new Set(targets.map((t) => t.address));
  const deps = new Map<string, { address: string; module: string }>();
  const edges = new Map<string, { from: string; to: string }>();
  for (const f of report.findings) {
    if (!f.dependents?.length) continue;
    for (const to of [f.address, ...(f.addresses ?? [])]) {
      if (!isTarget.has(to)) continue;
      for (const from of f.dependents) {
        if (!deps.has(from)) deps.set(from, { address: from, module: moduleOf(from) });
        edges.set(`${from}\u0000${to}`, { from, to });
      }
    }
  }
  const byModule = <T extends { module: string; address: string }>(a: T, b: T) => (a.module === b.module ? (a.address < b.address ? -1 : 1) : a.module < b.module ? -1 : 1);
  return { targets: targets.sort(byModule), dependents: [...deps.values()].sort(byModule), edges: [...edges.values()] };
}

const NODE_W = 420;
const NODE_H = 22;
const GAP = 6;
const MODULE_GAP = 30;
const LEFT_X = 20;
const RIGHT_X = 620;
const WIDTH = RIGHT_X + NODE_W + 20;

function ellipsize(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function column(items: { address: string; module: string }[], x: number): { y: Map<string, number>; modules: { module: string; y0: number; y1: number }[]; height: number } {
  const y = new Map<string, number>();
  const modules: { module: string; y0: number; y1: number }[] = [];
  let cur = 20;
  let last: string | undefined;
  for (const it of items) {
    if (it.module !== last) {
      if (last !== undefined) cur += MODULE_GAP;
      modules.push({ module: it.module, y0: cur, y1: cur });
      cur += 18;
      last = it.module;
    }
    y.set(it.address, cur);
    cur += NODE_H + GAP;
    modules[modules.length - 1]!.y1 = cur;
  }
  void x;
  return { y, modules, height: cur + 10 };
}

function graph(report: Report, n: number): string[] {
  const g = graphModel(report);
  if (g.targets.length === 0) return ['<p>Nothing is destroyed or replaced.</p>'];
  const left = column(g.targets, LEFT_X);
  const right = column(g.dependents, RIGHT_X);
  const height = Math.max(left.height, right.height, 80);
  const out: string[] = [
    '<div class="legend"><span><i class="l-del"></i>deleted</span><span><i class="l-rep"></i>replaced</span><span><i class="l-dep"></i>references it (configuration)</span><span><i class="l-crit"></i>critical finding</span>',
    `<span>${g.targets.length} destroyed or replaced, ${g.dependents.length} referencing, ${g.edges.length} references. Scroll to zoom, drag to pan.</span></div>`,
    '<div class="graphbox">',
    '<div class="zoom"><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="out" title="zoom out">&#8722;</button><button type="button" data-zoom="reset" title="fit">&#8634;</button></div>',
    `<svg class="graph" id="pg-graph-${n}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="blast radius">`,
    '<defs><marker id="pg-arrow-' + n + '" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#90a4ae"/></marker></defs>',
  ];
  for (const [col, x] of [[left, LEFT_X], [right, RIGHT_X]] as const) {
    for (const m of col.modules) {
      out.push(`<rect class="module" x="${x - 8}" y="${m.y0 - 4}" width="${NODE_W + 16}" height="${m.y1 - m.y0 + 2}" rx="4"/>`, `<text class="module-label" x="${x}" y="${m.y0 + 10}">${text(ellipsize(m.module, 60))}</text>`);
    }
  }
  for (const e of g.edges) {
    const y1 = right.y.get(e.from);
    const y2 = left.y.get(e.to);
    if (y1 === undefined || y2 === undefined) continue;
    const a = [RIGHT_X, y1 + NODE_H / 2];
    const b = [LEFT_X + NODE_W, y2 + NODE_H / 2];
    const mid = (a[0]! + b[0]!) / 2;
    out.push(`<path class="edge" data-from="${text(e.from)}" data-to="${text(e.to)}" d="M ${a[0]} ${a[1]} C ${mid} ${a[1]}, ${mid} ${b[1]}, ${b[0]} ${b[1]}" marker-end="url(#pg-arrow-${n})"/>`);
  }
  for (const t of g.targets) {
    const y = left.y.get(t.address)!;
    const fill = t.action === 'delete' ? '#c62828' : '#ef6c00';
    const stroke = t.severity === 'critical' ? ' stroke="#4a0000" stroke-width="3"' : t.severity === 'high' ? ' stroke="#7f0000" stroke-width="1.5"' : '';
    out.push(
      `<g class="node target" data-address="${text(t.address)}" data-action="${t.action}" data-severity="${t.severity}"><title>${text(`${t.address}: ${t.action}${t.severity === 'none' ? '' : `, ${t.severity}`}`)}</title>`,
      `<rect x="${LEFT_X}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="3" fill="${fill}"${stroke}/>`,
      `<text x="${LEFT_X + 8}" y="${y + 15}">${text(ellipsize(t.address, 56))}</text></g>`,
    );
  }
  for (const d of g.dependents) {
    const y = right.y.get(d.address)!;
    out.push(
      `<g class="node dependent" data-address="${text(d.address)}"><title>${text(d.address)}</title>`,
      `<rect x="${RIGHT_X}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="3" fill="#607d8b"/>`,
      `<text x="${RIGHT_X + 8}" y="${y + 15}">${text(ellipsize(d.address, 56))}</text></g>`,
    );
  }
  out.push('</svg></div>');
  return out;
}

function controls(): string[] {
  const actions = ['delete', 'replace', 'update', 'create', 'read', 'move', 'forget', 'no-op', 'none'];
  return [
    '<div class="controls" id="pg-controls">',
    '<strong>Filter</strong>',
    ...actions.map((a) => `<label><input type="checkbox" data-filter-action="${a}" checked> ${a}</label>`),
    '<label>severity at least <select id="pg-severity"><option value="all">any, or none</option>',
    ...SEVERITY_ORDER.map((s) => `<option value="${s}">${s}</option>`),
    '</select></label>',
    '<input type="search" id="pg-search" placeholder="search addresses, rules, messages" aria-label="search">',
    '<span><span id="pg-shown">0</span> shown</span>',
    '<button type="button" id="pg-expand">expand all</button><button type="button" id="pg-collapse">collapse all</button>',
    '</div>',
  ];
}
