/**
 * The matrix as one self-contained HTML file: a grid with a sticky header row and key column,
 * differing cells marked, filters by status and source and a search box; no network at all
 * (the same Content-Security-Policy as the HTML report).
 */
import { escapeHtml, pageHead } from '../html.js';
import type { MatrixFormatter } from './index.js';

const CSS = `
:root{--warning:#b26a00;--error:#c62828;--ok:#2e7d32;--info:#1565c0;--muted:#5f6b7a;--line:#e3e7ec;--bg:#f7f9fb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#17202a}
header{padding:12px 20px;border-bottom:1px solid var(--line)}h1{font-size:18px;margin:0 0 4px}.meta{color:var(--muted);font-size:12px}
.controls{display:flex;gap:14px;align-items:center;flex-wrap:wrap;margin-top:10px}
input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:4px;min-width:220px}select{padding:3px 6px;border:1px solid var(--line);border-radius:4px}
.grid{overflow:auto;max-height:calc(100vh - 120px);margin:0 20px 20px}
table{border-collapse:separate;border-spacing:0}th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;vertical-align:top;font-size:12px;max-width:360px;overflow-wrap:anywhere}
thead th{position:sticky;top:0;z-index:2;background:var(--bg);color:var(--muted)}
th.k,td.k{position:sticky;left:0;z-index:1;background:#fff;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}thead th.k{z-index:3;background:var(--bg)}
td.v{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}td.v.diff{background:#fff4e5;color:var(--warning);font-weight:600}
td.v.absent{color:var(--error);font-style:italic}th.ref{color:#17202a}
.status{font-size:11px;border-radius:4px;padding:1px 6px}.status.match{background:#e8f5e9;color:var(--ok)}.status.expected{background:#e3f2fd;color:var(--info)}
.status.finding{background:#fff4e5;color:var(--warning)}.status.missing{background:#fdecea;color:var(--error)}
`;

const SCRIPT = `
(function(){
  var q=document.getElementById('search'),src=document.getElementById('source'),st=document.getElementById('status');
  function apply(){
    var text=q.value.trim().toLowerCase(),n=0;
    [].slice.call(document.querySelectorAll('#matrix tbody tr')).forEach(function(r){
      var ok=(!st.value||r.getAttribute('data-status')===st.value||(st.value==='differ'&&r.getAttribute('data-status')!=='match'))
        &&(!src.value||r.getAttribute('data-source')===src.value)
        &&(!text||r.textContent.toLowerCase().indexOf(text)>=0);
      r.hidden=!ok;if(ok)n++;
    });
    document.getElementById('shown-count').textContent=String(n);
  }
  q.addEventListener('input',apply);src.addEventListener('change',apply);st.addEventListener('change',apply);apply();
})();
`;

export const matrixHtml: MatrixFormatter = {
  name: 'html',
  format(matrix, report) {
    const envs = matrix.environments;
    const title = `parity matrix ${envs.join(' · ')}`;
    const sources = [...new Set(matrix.rows.map((r) => r.source))].sort();
    const statuses = ['differ', 'missing', 'finding', 'expected', 'match'];
    const head = `<tr><th class="k">key</th>${envs
      .map(
        (e) =>
          `<th${e === matrix.reference ? ' class="ref"' : ''}>${escapeHtml(e)}${e === matrix.reference ? ' (reference)' : ''}</th>`,
      )
      .join('')}<th>status</th></tr>`;
    const rows = matrix.rows.map((r) => {
      const cells = envs
        .map((e) => {
          const v = r.values[e];
          if (v === undefined) return '<td class="v absent">absent</td>';
          return `<td class="v${r.differing.includes(e) ? ' diff' : ''}">${escapeHtml(v)}</td>`;
        })
        .join('');
      return `<tr data-status="${r.status}" data-source="${escapeHtml(r.source)}"><td class="k">${escapeHtml(r.key)}</td>${cells}<td><span class="status ${r.status}">${r.status}</span></td></tr>`;
    });
    return `${pageHead(title, CSS)}
<header>
<h1>${escapeHtml(title)}</h1>
<div class="meta">reference ${escapeHtml(matrix.reference)} · generated ${escapeHtml(report.generatedAt)} · parity ${escapeHtml(report.tool.version)} · ${escapeHtml(report.exitReason)}</div>
<div class="controls">
<label>status <select id="status"><option value="">all</option>${statuses.map((x) => `<option value="${x}">${x === 'differ' ? 'any difference' : x}</option>`).join('')}</select></label>
<label>source <select id="source"><option value="">all</option>${sources.map((x) => `<option value="${escapeHtml(x)}">${escapeHtml(x)}</option>`).join('')}</select></label>
<input type="search" id="search" placeholder="search keys and values" aria-label="search">
<span class="meta"><span id="shown-count">${matrix.rows.length}</span> of ${matrix.rows.length} keys shown</span>
</div>
</header>
<div class="grid">
<table id="matrix"><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
  },
};
