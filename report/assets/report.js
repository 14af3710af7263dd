'use strict';
// Draws the run report from the JSON document in #wfc-data (report.Data).
// Every text goes in through textContent, never as markup. The node table
// is virtual: only the rows in view are in the DOM, so 10,000 rows cost
// what 40 do. The DAG is painted on a canvas from the layout computed in Go.
(function () {
  const D = JSON.parse(document.getElementById('wfc-data').textContent);
  const run = D.run, rows = D.rows, graph = D.graph;
  const STATES = [
    ['succeeded', '#2f9e5b', 'succeeded'], ['failed', '#d9453d', 'failed'],
    ['cached', '#2f7fc1', 'cached'], ['reused', '#7b5cc4', 'reused'],
    ['running', '#d9a400', 'running'], ['cancelled', '#e07b24', 'cancelled'],
    ['skipped', '#9aa3ad', 'skipped'], ['not-started', '#c5ccd5', 'not started'],
  ];
  const COLOR = {}, TINT = {}, NAME = {};
  for (const [s, c, n] of STATES) { COLOR[s] = c; TINT[s] = tint(c, 0.14); NAME[s] = n; }
  const ROW = 26;

  // el makes an element: el('div', 'cls', 'text', child…).
  function el(tag, cls, text, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null && text !== '') e.textContent = text;
    for (const k of kids) if (k) e.append(k); // a missing part (null) adds nothing
    return e;
  }
  function tint(hex, a) {
    const n = parseInt(hex.slice(1), 16), mix = (v) => Math.round(255 - (255 - v) * a);
    return 'rgb(' + mix(n >> 16) + ',' + mix((n >> 8) & 255) + ',' + mix(n & 255) + ')';
  }
  function dur(ms) {
    if (ms < 1) return ms <= 0 ? '<0.1ms' : ms.toFixed(1) + 'ms'; // times are kept to 0.1 ms
    if (ms < 1000) return Math.round(ms) + 'ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + 's';
    const m = Math.floor(ms / 60000), s = Math.round((ms % 60000) / 1000);
    return m + 'm' + String(s).padStart(2, '0') + 's';
  }
  function pill(state) {
    const p = el('span', 'pill' + (state === 'not-started' || state === 'running' ? ' light' : ''), NAME[state] || state);
    p.style.background = COLOR[state] || '#888';
    return p;
  }
  function dot(state) { const d = el('span', 'dot'); d.style.background = COLOR[state] || '#888'; return d; }
  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }
  function rowSpan(r) {
    if (r.a) return [r.a[0].s, r.a[r.a.length - 1].e];
    if (r.span) return r.span;
    return null;
  }
  function label(r) { return r.n ? r.n + ' = ' + r.l : r.l; }
  // boxLabel names a DAG box; a node of an inlined subworkflow says which.
  function boxLabel(r) {
    const p = r.p >= 0 ? rows[r.p] : null;
    return p && p.k === 'group' ? p.l.replace(/^(workflow|launch plan) /, '') + ' › ' + label(r) : label(r);
  }
  function taskText(r) {
    if (r.k === 'map') return label(r) + ' · ' + r.c + (r.c === 1 ? ' item' : ' items');
    return label(r);
  }

  // ---- header: the run and its totals ----
  const filter = new Set();
  let query = '';
  function header() {
    const h = document.getElementById('head');
    h.append(el('div', 'title', null, el('h1', null, 'workflow ' + run.workflow), pill(run.status),
      el('span', 'muted mono', 'run ' + run.id)));
    const meta = el('div', 'meta');
    const add = (k, v) => { if (v !== '' && v != null) { const d = el('div', null, null, el('b', null, k), document.createTextNode(v)); d.title = String(v); meta.append(d); } };
    add('started', run.started.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
    add('wall', run.ended ? dur(run.span) : 'not ended');
    add('file', run.file);
    add('record', run.record);
    add('max parallel', run.max_parallel);
    if (run.keep_going) add('keep going', 'yes');
    add('resumes run', run.resumed_from);
    h.append(meta);
    const chips = el('div', 'chips');
    for (const [s] of STATES) {
      const n = D.totals[s];
      if (!n) continue;
      const c = el('button', 'chip', null, dot(s), el('span', null, NAME[s]), el('span', 'n', String(n)));
      c.type = 'button';
      c.dataset.state = s;
      c.dataset.count = n;
      c.title = (s === 'reused' ? 'Outputs reused from the run this one resumed. ' : s === 'cached' ? 'Outputs taken from the task cache. ' : '') + 'Show only ' + NAME[s] + ' nodes (click again to show all)';
      c.onclick = () => { filter.has(s) ? filter.delete(s) : filter.add(s); c.classList.toggle('on'); refresh(); };
      chips.append(c);
    }
    if (run.summary) {
      const s = run.summary;
      const n = (k, one, many) => k + ' ' + (k === 1 ? one : many);
      chips.append(el('span', 'muted', [n(s.nodes, 'node', 'nodes'), n(s.retries, 'retry', 'retries'), n(s.cached, 'call', 'calls') + ' reused from the cache or a resumed run'].join(' · ')));
    }
    h.append(chips);
    for (const n of D.notes || []) h.append(el('div', 'notes', n));
    if (run.error) h.append(el('h3', null, 'error'), el('pre', 'error', run.error));
    // Short values open; long ones wait for a click.
    if (run.inputs && run.inputs !== '{}') h.append(details('inputs', run.inputs, run.inputs.length <= 300));
    if (run.outputs && run.outputs !== '{}') h.append(details('outputs', run.outputs, run.outputs.length <= 300));
  }
  function details(title, text, open) {
    const d = el('details', null, null, el('summary', null, title), el('pre', null, pretty(text)));
    d.open = open;
    return d;
  }

  // ---- the node table and timeline ----
  const expanded = new Uint8Array(rows.length).fill(rows.length <= 400 ? 1 : 0);
  let shown = [], sel = -1;
  const viewport = document.getElementById('viewport'), spacer = document.getElementById('spacer');
  const span = Math.max(run.span, 1);
  const pct = (t) => (100 * t / span) + '%';

  function matches(r) {
    if (filter.size && !filter.has(r.s)) return false;
    if (!query) return true;
    return (r.id + ' ' + r.l + ' ' + (r.n || '')).toLowerCase().includes(query);
  }
  function computeShown() {
    shown = [];
    if (filter.size || query) {
      rows.forEach((r, i) => { if (r.k !== 'group' && matches(r)) shown.push(i); });
    } else {
      for (let i = 0; i < rows.length; i++) {
        shown.push(i);
        if (!expanded[i] && rows[i].c) {
          const d = rows[i].d;
          while (i + 1 < rows.length && rows[i + 1].d > d) i++;
        }
      }
    }
    spacer.style.height = shown.length * ROW + 'px';
    document.getElementById('row-count').textContent = shown.length + ' of ' + rows.length + ' rows';
  }
  function axis() {
    const a = document.getElementById('axis');
    const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 3e4, 6e4, 12e4, 3e5, 6e5, 18e5, 36e5];
    const step = steps.find((s) => span / s <= 6) || span / 6;
    for (let t = 0; t <= span; t += step) {
      const x = pct(t), tick = el('i'), txt = el('span', t === 0 ? 'first' : null, t === 0 ? '0' : dur(t));
      tick.style.left = x; txt.style.left = x;
      if (t > 0 && span - t < step * 0.4) continue; // no label crowding the end
      a.append(tick, txt);
    }
  }
  function timeline(r) {
    const tl = el('div', 'c-tl');
    if (r.a) {
      r.a.forEach((a, k) => {
        if (k > 0) {
          const w = el('div', 'w');
          w.style.left = pct(r.a[k - 1].e); w.style.width = 'calc(' + pct(a.s - r.a[k - 1].e) + ')';
          tl.append(w);
        }
        const last = k === r.a.length - 1, failed = a.err || (last && r.s === 'failed');
        const b = el('div', 'b' + (failed ? ' fail' : ''));
        b.style.left = pct(a.s); b.style.width = pct(a.e - a.s);
        if (!failed) b.style.background = COLOR[r.s];
        b.title = `attempt ${k + 1}: ${dur(a.e - a.s)}` + (a.err ? '\n' + a.err : '');
        tl.append(b);
      });
    } else if (r.span) {
      const s = el('div', 's');
      s.style.left = pct(r.span[0]); s.style.width = pct(r.span[1] - r.span[0]);
      s.style.background = COLOR[r.s];
      s.title = `${r.c} nodes, ${dur(r.span[1] - r.span[0])}`;
      tl.append(s);
    }
    if (r.t != null) {
      const m = el('div', 'm');
      m.style.left = pct(r.t); m.style.background = COLOR[r.s];
      m.title = (r.s === 'reused' ? 'reused from the resumed run' : r.s === 'cached' ? 'cache hit' : NAME[r.s]) + (r.from ? ': ' + r.from : '');
      tl.append(m);
    }
    return tl;
  }
  function rowEl(i) {
    const r = rows[i];
    const e = el('div', 'row' + (i === sel ? ' sel' : ''));
    e.dataset.id = r.id; e.dataset.state = r.s; e.dataset.index = i;
    const id = el('div', 'mono');
    id.style.paddingLeft = (filter.size || query ? 0 : r.d * 14) + 'px';
    const tog = el('span', 'tog', r.c && !(filter.size || query) ? (expanded[i] ? '▾' : '▸') : '');
    id.append(tog, document.createTextNode(r.id));
    const task = el('div', null, taskText(r));
    task.title = taskText(r) + (r.pos ? '\n' + r.pos : '');
    const st = el('div', 'c-state', null, dot(r.s), document.createTextNode(NAME[r.s] || r.s));
    const tries = el('div', r.a && r.a.length > 1 ? 'retry' : null, r.a ? String(r.a.length) : '');
    const sp = rowSpan(r);
    e.append(id, task, st, tries, el('div', 'muted', sp ? dur(sp[1] - sp[0]) : ''), timeline(r));
    return e;
  }
  function renderRows() {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - 4);
    const last = Math.min(shown.length, first + Math.ceil(viewport.clientHeight / ROW) + 8);
    const frag = document.createDocumentFragment();
    for (let k = first; k < last; k++) {
      const e = rowEl(shown[k]);
      e.style.top = k * ROW + 'px';
      frag.append(e);
    }
    spacer.replaceChildren(frag);
  }
  function refresh() { computeShown(); renderRows(); }
  let pending = false;
  viewport.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; renderRows(); });
  });
  spacer.addEventListener('click', (ev) => {
    const e = ev.target.closest('.row');
    if (!e) return;
    const i = +e.dataset.index;
    if (ev.target.classList.contains('tog') && rows[i].c) { expanded[i] ^= 1; refresh(); return; }
    select(i, false);
  });
  // Up and down move the selection through the rows shown; left and
  // right fold and unfold.
  viewport.tabIndex = 0;
  viewport.addEventListener('keydown', (ev) => {
    const k = shown.indexOf(sel);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const next = shown[Math.min(shown.length - 1, Math.max(0, k + (ev.key === 'ArrowDown' ? 1 : -1)))];
      if (next !== undefined) select(next, true);
    } else if ((ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') && sel >= 0 && rows[sel].c) {
      expanded[sel] = ev.key === 'ArrowRight' ? 1 : 0;
      refresh();
    } else {
      return;
    }
    ev.preventDefault();
  });
  document.getElementById('search').addEventListener('input', (ev) => { query = ev.target.value.trim().toLowerCase(); refresh(); });
  document.getElementById('expand').onclick = () => { expanded.fill(1); refresh(); };
  document.getElementById('collapse').onclick = () => { expanded.fill(0); refresh(); };

  // select shows row i in the detail panel; reveal scrolls the table to it.
  function select(i, reveal) {
    sel = i;
    if (reveal) {
      for (let p = rows[i].p; p >= 0; p = rows[p].p) expanded[p] = 1;
      if (!matches(rows[i])) { filter.clear(); query = ''; document.getElementById('search').value = ''; document.querySelectorAll('.chip.on').forEach((c) => c.classList.remove('on')); }
      computeShown();
      const k = shown.indexOf(i);
      if (k >= 0 && (k * ROW < viewport.scrollTop || (k + 1) * ROW > viewport.scrollTop + viewport.clientHeight)) {
        viewport.scrollTop = Math.max(0, k * ROW - viewport.clientHeight / 3);
      }
    }
    renderRows();
    detail(i);
    drawGraph();
  }

  // ---- the detail panel ----
  function detail(i) {
    const r = rows[i], d = document.getElementById('detail');
    d.replaceChildren();
    d.append(el('div', 'title', null, el('h2', 'mono', r.id), pill(r.s)));
    const kv = el('div', 'kv');
    const add = (k, v) => { if (v) kv.append(el('b', null, k), el('span', null, v)); };
    add({ task: 'task', map: 'map of', item: 'item of', branch: 'conditional', call: 'call of', workflow: 'runs', group: 'calls', failure: 'on failure' }[r.k] || r.k, r.l);
    add('name', r.n);
    add('at', r.pos);
    add('reused', r.from);
    add('reason', r.why);
    const sp = rowSpan(r);
    if (sp) add('time', dur(sp[1] - sp[0]) + ', from +' + dur(sp[0]));
    d.append(kv);
    if (r.items) {
      d.append(el('h3', null, r.c + (r.k === 'map' ? ' items' : ' nodes')));
      const c = el('div', 'chips');
      for (const [s] of STATES) if (r.items[s]) c.append(el('span', 'chip', null, dot(s), el('span', null, NAME[s]), el('span', 'n', String(r.items[s]))));
      d.append(c);
    }
    if (r.err) d.append(el('h3', null, 'error'), el('pre', 'error', r.err));
    if (r.a && (r.a.length > 1 || r.a[0].err)) {
      const t = el('table', null, null, el('tr', null, null, el('th', null, '#'), el('th', null, 'start'), el('th', null, 'took'), el('th', null, 'result')));
      r.a.forEach((a, k) => t.append(el('tr', null, null, el('td', null, String(k + 1)), el('td', null, '+' + dur(a.s)), el('td', null, dur(a.e - a.s)), el('td', a.err ? 'retry' : null, a.err || 'ok'))));
      d.append(el('h3', null, 'attempts'), t);
    }
    if (r.in) d.append(el('h3', null, 'inputs'), el('pre', null, pretty(r.in)));
    if (r.out) d.append(el('h3', null, 'outputs'), el('pre', null, pretty(r.out)));
    if (r.webhook) d.append(el('h3', null, 'webhook request and response'), webhook(r.webhook));
    if (r.log || r.logp) {
      d.append(el('h3', null, 'log (last lines)'));
      if (r.log) d.append(el('pre', null, r.log.join('\n')));
      if (r.logp) {
        const a = el('a', 'mono', r.logp);
        if (r.logh) a.href = r.logh;
        d.append(el('div', 'muted', null, document.createTextNode('whole log: '), a));
      }
    }
    if (r.k !== 'group') d.append(el('p', 'muted', null, document.createTextNode('Everything about this node: '), el('code', null, 'wfc show ' + run.id + ' ' + r.id)));
  }
  // webhook shows a webhook node's exchanges: per attempt that sent a
  // request, {attempt, http: {request, response, duration_ns, error}} as
  // the run record keeps them (report.webhookOf). Anything else is shown
  // field by field.
  function webhook(v) {
    const box = el('div', 'wh');
    if (!Array.isArray(v) || !v.every((x) => x && x.http && x.http.request)) {
      box.append(fields(v));
      return box;
    }
    for (const x of v) {
      const h = x.http, q = h.request, p = h.response;
      const head = [`attempt ${x.attempt}`, p ? `status ${p.status}` : 'no response'];
      if (h.duration_ns != null) head.push(dur(h.duration_ns / 1e6));
      const parts = [el('div', 'wh-head', head.join(' · ')), el('div', 'mono wh-line', q.method + ' ' + q.url),
        headers('request headers', q.headers, q.headers_omitted), body('request body', q.body)];
      if (p) parts.push(headers('response headers', p.headers, p.headers_omitted), body('response body', p.body));
      if (h.error) parts.push(el('pre', 'error', h.error));
      box.append(...parts.filter(Boolean));
    }
    return box;
  }
  // headers lists header lines, each the pair [name, value].
  function headers(title, hs, omitted) {
    if (!hs || !hs.length) return omitted ? el('div', 'muted', `${title}: ${omitted} not kept in the report`) : null;
    const t = el('table', 'mono');
    for (const [name, value] of hs) t.append(el('tr', null, null, el('th', null, name), el('td', null, value)));
    const d = el('details', null, null, el('summary', null, `${title} (${hs.length}${omitted ? ' and ' + omitted + ' more' : ''})`), t);
    return d;
  }
  function body(title, b) {
    if (!b || !b.size) return null;
    const d = el('details', null, null, el('summary', null, `${title} (${b.size} bytes${b.truncated ? ', the beginning' : ''})`));
    if (b.excerpt) d.append(el('pre', null, pretty(b.excerpt)));
    return d;
  }
  function fields(x) {
    if (x === null || typeof x !== 'object') return el('span', 'mono', String(x));
    if (Array.isArray(x)) { const d = el('div'); x.forEach((y) => d.append(fields(y))); return d; }
    const dl = el('dl');
    for (const k of Object.keys(x)) dl.append(el('dt', null, k), el('dd', null, null, fields(x[k])));
    return dl;
  }

  // ---- the DAG picture ----
  const wrap = document.getElementById('graph'), canvas = document.getElementById('dag'), ctx = canvas.getContext('2d');
  const tip = document.getElementById('tip');
  const boxes = graph.nodes.length / 3, BW = graph.bw, BH = graph.bh;
  // bends: edge number → its waypoints and how far up and down they go.
  const bends = new Map();
  for (let k = 0; k < graph.bends.length;) {
    const e = graph.bends[k], n = graph.bends[k + 1], points = [];
    for (let j = 0; j < n; j++) points.push([graph.bends[k + 2 + 2 * j], graph.bends[k + 3 + 2 * j]]);
    const ys = points.map((p) => p[1] + BH / 2);
    bends.set(e, { points, top: Math.min(...ys), bottom: Math.max(...ys) });
    k += 2 + 2 * n;
  }
  let scale = 1, tx = 0, ty = 0;
  function sizeGraph() {
    const w = wrap.clientWidth;
    const s = Math.min(1, (w - 24) / Math.max(graph.w, 1));
    wrap.style.height = Math.round(Math.min(460, Math.max(180, graph.h * s + 28))) + 'px';
  }
  function fit() {
    const w = wrap.clientWidth, h = wrap.clientHeight;
    scale = Math.min((w - 24) / Math.max(graph.w, 1), (h - 24) / Math.max(graph.h, 1), 1.25);
    tx = (w - graph.w * scale) / 2; ty = (h - graph.h * scale) / 2;
  }
  function drawGraph() {
    const dpr = window.devicePixelRatio || 1, w = wrap.clientWidth, h = wrap.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
    const x0 = -tx / scale, y0 = -ty / scale, x1 = x0 + w / scale, y1 = y0 + h / scale;
    const N = graph.nodes, E = graph.edges, curve = BW * scale > 30;
    ctx.beginPath();
    // An edge runs from the right of its upstream box to the left of its
    // downstream one, across the slots of its waypoints at mid-height.
    const to = (px, py, qx, qy) => {
      if (curve) { const m = (px + qx) / 2; ctx.bezierCurveTo(m, py, m, qy, qx, qy); } else ctx.lineTo(qx, qy);
    };
    for (let k = 0; k < E.length; k += 2) {
      const a = E[k] * 3, b = E[k + 1] * 3, via = bends.get(k / 2);
      const ax = N[a + 1] + BW, ay = N[a + 2] + BH / 2, bx = N[b + 1], by = N[b + 2] + BH / 2;
      const top = via ? Math.min(ay, by, via.top) : Math.min(ay, by), bottom = via ? Math.max(ay, by, via.bottom) : Math.max(ay, by);
      if (bx < x0 || ax > x1 || bottom < y0 || top > y1) continue;
      ctx.moveTo(ax, ay);
      let px = ax, py = ay;
      for (const [x, y] of via ? via.points : []) {
        to(px, py, x, y + BH / 2);
        ctx.lineTo(x + BW, y + BH / 2);
        px = x + BW; py = y + BH / 2;
      }
      to(px, py, bx, by);
    }
    ctx.strokeStyle = '#b4bcc8'; ctx.lineWidth = 1.2 / Math.max(scale, 0.3); ctx.stroke();
    const detailed = BH * scale >= 11, text = BH * scale >= 20;
    ctx.textBaseline = 'middle';
    for (let k = 0; k < N.length; k += 3) {
      const i = N[k], x = N[k + 1], y = N[k + 2];
      if (x > x1 || x + BW < x0 || y > y1 || y + BH < y0) continue;
      const r = rows[i], c = COLOR[r.s] || '#888';
      if (!detailed) { ctx.fillStyle = c; ctx.fillRect(x, y, BW, BH); continue; }
      ctx.beginPath(); ctx.roundRect(x, y, BW, BH, 6);
      ctx.fillStyle = TINT[r.s] || '#fff'; ctx.fill();
      ctx.setLineDash(r.k === 'failure' ? [5, 4] : []);
      ctx.lineWidth = i === sel ? 3 : r.s === 'failed' ? 2 : 1.2;
      ctx.strokeStyle = i === sel ? '#1d2330' : c; ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = c; ctx.beginPath(); ctx.roundRect(x, y, 6, BH, [6, 0, 0, 6]); ctx.fill();
      if (r.items && r.c) { // the items' states, as a stacked bar
        let off = 0;
        for (const [s] of STATES) {
          const n = r.items[s]; if (!n) continue;
          const wdt = (BW - 14) * n / r.c;
          ctx.fillStyle = COLOR[s]; ctx.fillRect(x + 10 + off, y + BH - 6, wdt, 3); off += wdt;
        }
      }
      if (!text) continue;
      ctx.fillStyle = '#1d2330'; ctx.font = '600 12px system-ui, sans-serif';
      ctx.fillText(clip(boxLabel(r), BW - 18), x + 12, y + 13);
      ctx.fillStyle = '#667085'; ctx.font = '11px system-ui, sans-serif';
      const sub = r.id + ' · ' + (r.k === 'map' ? 'map of ' + (r.c || 0) : NAME[r.s] || r.s);
      ctx.fillText(clip(sub, BW - 18), x + 12, y + (r.items ? 26 : 27));
    }
  }
  const clipCache = new Map();
  function clip(s, w) {
    const key = ctx.font + s;
    let v = clipCache.get(key);
    if (v !== undefined) return v;
    v = s;
    if (ctx.measureText(s).width > w) {
      let lo = 0, hi = s.length;
      while (lo < hi) { const m = (lo + hi + 1) >> 1; if (ctx.measureText(s.slice(0, m) + '…').width <= w) lo = m; else hi = m - 1; }
      v = s.slice(0, lo) + '…';
    }
    clipCache.set(key, v);
    return v;
  }
  function hit(ev) {
    const rect = canvas.getBoundingClientRect();
    const x = (ev.clientX - rect.left - tx) / scale, y = (ev.clientY - rect.top - ty) / scale;
    const N = graph.nodes;
    for (let k = 0; k < N.length; k += 3) {
      if (x >= N[k + 1] && x <= N[k + 1] + BW && y >= N[k + 2] && y <= N[k + 2] + BH) return N[k];
    }
    return -1;
  }
  function zoom(f, cx, cy) {
    const ns = Math.min(4, Math.max(0.02, scale * f));
    tx = cx - (cx - tx) * ns / scale; ty = cy - (cy - ty) * ns / scale; scale = ns;
    drawGraph();
  }
  let drag = null;
  canvas.addEventListener('mousedown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, tx, ty, moved: false }; wrap.classList.add('drag'); });
  window.addEventListener('mouseup', (ev) => {
    if (!drag) return;
    const click = !drag.moved;
    drag = null; wrap.classList.remove('drag');
    if (click && ev.target === canvas) { const i = hit(ev); if (i >= 0) select(i, true); }
  });
  window.addEventListener('mousemove', (ev) => {
    if (drag) {
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      tx = drag.tx + dx; ty = drag.ty + dy; drawGraph(); tip.hidden = true; return;
    }
    if (ev.target !== canvas) { tip.hidden = true; return; }
    const i = hit(ev);
    if (i < 0) { tip.hidden = true; return; }
    const r = rows[i], sp = rowSpan(r);
    tip.textContent = `${r.id} · ${boxLabel(r)}\n${NAME[r.s] || r.s}` + (sp ? ', ' + dur(sp[1] - sp[0]) : '') + (r.a && r.a.length > 1 ? `, ${r.a.length} attempts` : '') + (r.c ? `\n${r.c} ${r.k === 'map' ? 'items' : 'nodes'}` : '');
    const rect = wrap.getBoundingClientRect();
    tip.style.left = Math.min(ev.clientX - rect.left + 14, rect.width - 200) + 'px';
    tip.style.top = (ev.clientY - rect.top + 14) + 'px';
    tip.hidden = false;
  });
  canvas.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const rect = canvas.getBoundingClientRect();
    zoom(Math.exp(-ev.deltaY * 0.0015), ev.clientX - rect.left, ev.clientY - rect.top);
  }, { passive: false });
  document.getElementById('zoom-in').onclick = () => zoom(1.4, wrap.clientWidth / 2, wrap.clientHeight / 2);
  document.getElementById('zoom-out').onclick = () => zoom(1 / 1.4, wrap.clientWidth / 2, wrap.clientHeight / 2);
  document.getElementById('fit').onclick = () => { fit(); drawGraph(); };
  window.addEventListener('resize', () => { sizeGraph(); fit(); drawGraph(); renderRows(); });

  // ---- start ----
  header();
  const legend = document.getElementById('legend');
  for (const [s] of STATES) if (D.totals[s]) legend.append(el('span', null, null, dot(s), document.createTextNode(NAME[s])));
  document.getElementById('graph-count').textContent = boxes + (boxes === 1 ? ' node' : ' nodes') + ', ' + graph.edges.length / 2 + ' edges';
  canvas.dataset.boxes = boxes;
  axis();
  computeShown();
  sizeGraph();
  fit();
  // Open on the first failure that made an attempt (a task, an item), else
  // the first failure, else the first row.
  let first = rows.findIndex((r) => r.s === 'failed' && r.a);
  if (first < 0) first = rows.findIndex((r) => r.s === 'failed');
  if (rows.length) {
    select(Math.max(first, 0), true);
  } else {
    document.getElementById('detail').append(el('p', 'empty', 'This run has no nodes.'));
    drawGraph();
  }
  // data-ready says the page is drawn (tests and bench/report wait for it),
  // and after how many milliseconds since navigation began.
  requestAnimationFrame(() => setTimeout(() => document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())))));
})();
