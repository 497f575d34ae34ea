/**
 * One self-contained HTML file (SPEC §6): no network at all (inline style and script under a
 * Content-Security-Policy that forbids every fetch), environments side by side, findings first,
 * filters by severity and source, a search box, and every compared key with both displayed and
 * normalized values (secrets arrive redacted and stay so).
 */
import { displayable } from './sanitize.js';
import type { Formatter, ReportEntry } from './types.js';
import type { RenderedFinding as Finding } from './render.js';

/**
 * A page's beginning up to `<body>`: no network at all (inline style and script only, under a
 * Content-Security-Policy that forbids every fetch).
 */
export function pageHead(title: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root{--error:#c62828;--warning:#b26a00;--info:#1565c0;--ok:#2e7d32;--muted:#5f6b7a;--line:#e3e7ec;--bg:#f7f9fb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#17202a;background:#fff}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:12px 20px}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:24px 0 8px}main{padding:0 20px 40px}
.meta{color:var(--muted);font-size:12px}.summary{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}
.pill{border:1px solid var(--line);border-radius:999px;padding:2px 10px;background:var(--bg);font-size:12px}
.pill b{font-weight:600}.banner{margin:12px 0;padding:10px 14px;border-radius:6px;font-weight:600}
.banner.incomplete{background:#fdecea;color:var(--error)}.banner.clean{background:#e8f5e9;color:var(--ok)}.banner.drift{background:#fff4e5;color:var(--warning)}
.controls{display:flex;gap:14px;align-items:center;flex-wrap:wrap;margin-top:10px}
.controls label{font-size:13px}input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:4px;min-width:220px}
select{padding:3px 6px;border:1px solid var(--line);border-radius:4px}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg);font-size:12px;color:var(--muted);font-weight:600}
td.v,td.k{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.sev{font-weight:700;text-transform:uppercase;font-size:11px}.sev.error{color:var(--error)}.sev.warning{color:var(--warning)}.sev.info{color:var(--info)}
tr.finding.error td:first-child{border-left:3px solid var(--error)}tr.finding.warning td:first-child{border-left:3px solid var(--warning)}tr.finding.info td:first-child{border-left:3px solid var(--info)}
.status{font-size:11px;border-radius:4px;padding:1px 6px}.status.match{background:#e8f5e9;color:var(--ok)}.status.expected{background:#e3f2fd;color:var(--info)}
.status.finding{background:#fff4e5;color:var(--warning)}.status.missing{background:#fdecea;color:var(--error)}
.norm{color:var(--muted);display:block}.failed li{color:var(--error)}.empty{color:var(--muted);font-style:italic}
`;

// Filters: severity checkboxes, source select and search, applied to both tables.
const SCRIPT = `
(function(){
  var q=document.getElementById('search'),src=document.getElementById('source');
  var boxes=[].slice.call(document.querySelectorAll('input[data-filter-severity]'));
  function apply(){
    var text=q.value.trim().toLowerCase(),source=src.value;
    var shown={};boxes.forEach(function(b){shown[b.getAttribute('data-filter-severity')]=b.checked});
    [].slice.call(document.querySelectorAll('tr[data-row]')).forEach(function(r){
      var sev=r.getAttribute('data-severity');
      var ok=(!sev||shown[sev]!==false)&&(!source||r.getAttribute('data-source')===source)&&(!text||r.textContent.toLowerCase().indexOf(text)>=0);
      r.hidden=!ok;
    });
    var n=document.querySelectorAll('tr.finding:not([hidden])').length;
    document.getElementById('shown-count').textContent=String(n);
  }
  q.addEventListener('input',apply);src.addEventListener('change',apply);
  boxes.forEach(function(b){b.addEventListener('change',apply)});apply();
})();
`;

export const htmlFormatter: Formatter = {
  name: 'html',
  format(raw) {
    const report = displayable(raw);
    const envs = report.environments;
    const s = report.summary;
    const title =
      report.command === 'diff'
        ? `parity diff ${envs.join(' ↔ ')}`
        : `parity check ${envs.join('')}`;
    const sources = [
      ...new Set(report.entries.map((e) => e.source).concat(report.sources.map((x) => x.name))),
    ].sort();
    const banner =
      s.exitCode === 2
        ? '<div class="banner incomplete">Audit incomplete — a source could not be read; nothing is known about it.</div>'
        : report.findings.length === 0
          ? '<div class="banner clean">No drift found.</div>'
          : `<div class="banner drift">${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}.</div>`;
    const failed = report.sources.filter((x) => x.status === 'error');
    const envDetails = report.environmentDetails
      .map(
        (e) =>
          `${escapeHtml(e.name)} (${escapeHtml(e.tier)}${e.origin === 'live' ? '' : `, snapshot ${escapeHtml(e.origin)} taken ${escapeHtml(e.capturedAt)}`})`,
      )
      .join(' · ');
    const pill = (label: string, value: number): string =>
      `<span class="pill">${label} <b>${value}</b></span>`;
    return `${pageHead(title, CSS)}
<header>
<h1>${escapeHtml(title)}</h1>
<div class="meta">${envDetails} · generated ${escapeHtml(report.generatedAt)} · parity ${escapeHtml(report.tool.version)}${report.configFile ? ` · ${escapeHtml(report.configFile)}` : ''}</div>
<div class="summary">${pill('errors', s.errors)}${pill('warnings', s.warnings)}${pill('infos', s.infos)}${pill('keys compared', s.keysCompared)}${pill('matching', s.matching)}${pill('expected differences', s.expectedDifferences)}${pill('ignored', s.ignored)}${pill('exit', s.exitCode)}</div>
<div class="controls">
${(['error', 'warning', 'info'] as const).map((sev) => `<label><input type="checkbox" checked data-filter-severity="${sev}"> ${sev}</label>`).join('\n')}
<label>source <select id="source"><option value="">all</option>${sources.map((x) => `<option value="${escapeHtml(x)}">${escapeHtml(x)}</option>`).join('')}</select></label>
<input type="search" id="search" placeholder="search keys, values, messages" aria-label="search">
<span class="meta"><span id="shown-count">${report.findings.length}</span> of ${report.findings.length} findings shown</span>
</div>
</header>
<main>
${banner}
<p class="meta">${escapeHtml(report.exitReason)}</p>
${failed.length > 0 ? `<h2>Sources that could not be read</h2><ul class="failed">${failed.map((f) => `<li>${escapeHtml(`${f.environment}/${f.name} (${f.type}): ${f.error ?? 'failed'}${f.hint ? ` — ${f.hint}` : ''}`)}</li>`).join('')}</ul>` : ''}
<h2>Findings</h2>
${report.findings.length === 0 ? '<p class="empty">none</p>' : findingsTable(report.findings, envs)}
<h2>Every compared key</h2>
${report.entries.length === 0 ? '<p class="empty">none</p>' : entriesTable(report.entries, envs)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
  },
};

function findingsTable(findings: readonly Finding[], envs: readonly string[]): string {
  const head = `<tr><th style="width:80px">severity</th><th style="width:170px">rule</th><th style="width:22%">key</th><th>message</th>${envs.map((e) => `<th>${escapeHtml(e)}</th>`).join('')}</tr>`;
  const rows = findings.map((f) => {
    const values = envs
      .map(
        (e) =>
          `<td class="v">${f.values?.[e] === undefined ? '' : escapeHtml(f.values[e] ?? '')}</td>`,
      )
      .join('');
    return `<tr class="finding ${f.severity}" data-row data-severity="${f.severity}" data-source="${escapeHtml(f.source ?? '')}"><td><span class="sev ${f.severity}">${f.severity}</span></td><td>${escapeHtml(f.rule)}</td><td class="k">${escapeHtml(f.key)}</td><td>${escapeHtml(f.message)}<span class="norm">${escapeHtml(f.environments.join(', '))}</span></td>${values}</tr>`;
  });
  return `<table id="findings"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function entriesTable(entries: readonly ReportEntry[], envs: readonly string[]): string {
  const head = `<tr><th style="width:26%">key</th><th style="width:90px">status</th>${envs.map((e) => `<th>${escapeHtml(e)}</th>`).join('')}</tr>`;
  const rows = entries.map((e) => {
    const cells = envs
      .map((env) => {
        const shown = e.values[env];
        const normalized = e.normalized[env];
        const norm =
          normalized !== undefined && normalized !== shown
            ? `<span class="norm">${escapeHtml(normalized)}</span>`
            : '';
        return `<td class="v">${shown === undefined ? '<span class="empty">absent</span>' : escapeHtml(shown)}${norm}</td>`;
      })
      .join('');
    return `<tr class="entry" data-row data-source="${escapeHtml(e.source)}"><td class="k">${escapeHtml(e.key)}</td><td><span class="status ${e.status}">${e.status}</span></td>${cells}</tr>`;
  });
  return `<table id="entries"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}
