// The gateway's page: classify a text, show the answer with its provenance, and a live view of the
// subnet (miners table, emission chart). Plain ES module, no dependencies. Everything that comes from
// the chain or a miner is untrusted text: it is only ever set with textContent / attributes.

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#2f6fed', '#1f9d55', '#d97706', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#64748b'];
const REFRESH_MS = 5000;

const state = { auth: 'none', domains: [], miners: [], keyInput: undefined };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const short = (hex, n = 8) => (hex.length > 2 * n + 1 ? `${hex.slice(0, n)}…${hex.slice(-4)}` : hex);
const tao = (rao) => Number(BigInt(rao)) / 1e9;

function apiHeaders() {
  const key = localStorage.getItem('expertnet.apiKey');
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...apiHeaders() },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(body.error?.message ?? `HTTP ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------------
// Subnet view

function renderDomains(domains) {
  const select = $('domain');
  const current = select.value;
  if (domains.join() === state.domains.join()) return;
  state.domains = domains;
  select.replaceChildren(...domains.map((d) => el('option', { value: d }, d)));
  if (domains.includes(current)) select.value = current;
}

function renderMiners(miners) {
  $('miners').replaceChildren(
    ...miners.map((m) =>
      el(
        'tr',
        { 'data-uid': m.uid },
        el('td', { class: 'num' }, m.uid),
        el('td', { title: m.hotkey }, el('code', {}, short(m.hotkey, 6))),
        el('td', {}, m.domain),
        el('td', {}, m.task),
        el('td', { class: 'num' }, m.score.toFixed(3)),
        el('td', { class: 'num' }, m.incentive.toFixed(3)),
        el('td', { class: 'num' }, tao(m.emission).toFixed(4)),
        el('td', { title: m.modelSha256 }, el('code', {}, short(m.modelSha256, 6))),
      ),
    ),
  );
}

/** Stacked bars: emission per epoch, split by the domain of each uid. */
function renderChart(epochs, miners) {
  const chart = $('chart');
  if (epochs.length === 0) {
    chart.replaceChildren(el('p', { class: 'meta' }, 'No epochs yet.'));
    return;
  }
  const domainOf = new Map(miners.map((m) => [String(m.uid), m.domain]));
  const domains = [...new Set(miners.map((m) => m.domain))].sort();
  const rows = epochs.map((e) => {
    const byDomain = Object.fromEntries(domains.map((d) => [d, 0]));
    for (const [uid, rao] of Object.entries(e.byUid)) {
      const d = domainOf.get(uid);
      if (d !== undefined) byDomain[d] += tao(rao);
    }
    return { block: e.block, byDomain, total: Object.values(byDomain).reduce((a, b) => a + b, 0) };
  });
  const W = 600;
  const H = 200;
  const pad = { l: 48, r: 8, t: 8, b: 28 };
  const max = Math.max(...rows.map((r) => r.total), 1e-9);
  const step = (W - pad.l - pad.r) / rows.length;
  const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'emission per epoch' });
  for (const frac of [0, 0.5, 1]) {
    const y = pad.t + (1 - frac) * (H - pad.t - pad.b);
    plot.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y, y2: y, stroke: '#e3e6eb' }));
    const label = svg('text', {
      x: pad.l - 6,
      y: y + 4,
      'text-anchor': 'end',
      'font-size': 10,
      fill: '#687385',
    });
    label.textContent = (max * frac).toFixed(2);
    plot.append(label);
  }
  rows.forEach((row, i) => {
    let y = H - pad.b;
    const width = Math.min(step * 0.7, 36);
    const x = pad.l + i * step + (step - width) / 2;
    domains.forEach((d, j) => {
      const h = (row.byDomain[d] / max) * (H - pad.t - pad.b);
      if (h <= 0) return;
      y -= h;
      const rect = svg('rect', { x, y, width, height: h, fill: COLORS[j % COLORS.length] });
      const title = svg('title');
      title.textContent = `block ${row.block} · ${d}: ${row.byDomain[d].toFixed(4)} τ`;
      rect.append(title);
      plot.append(rect);
    });
    if (rows.length <= 16 || i % Math.ceil(rows.length / 16) === 0) {
      const label = svg('text', {
        x: x + width / 2,
        y: H - 10,
        'text-anchor': 'middle',
        'font-size': 10,
        fill: '#687385',
      });
      label.textContent = row.block;
      plot.append(label);
    }
  });
  const legend = el(
    'div',
    { class: 'legend' },
    ...domains.map((d, j) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = COLORS[j % COLORS.length];
      return el('span', {}, swatch, d);
    }),
  );
  chart.replaceChildren(plot, legend);
}

async function refresh() {
  try {
    const [health, table, emission] = await Promise.all([
      api('/healthz'),
      api('/v1/miners'),
      api('/v1/emission'),
    ]);
    state.auth = health.auth;
    state.miners = table.miners;
    $('key-label').hidden = health.auth !== 'api-key';
    $('status').textContent =
      `block ${health.block} · ${health.miners} serving miners · ${health.domains.length} domains`;
    renderDomains(health.domains);
    renderMiners(table.miners);
    renderChart(emission.epochs, table.miners);
  } catch (err) {
    $('status').textContent = `gateway unreachable: ${err.message}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Classify

function renderAnswer(response) {
  const [result] = response.results;
  const top = response.labels.indexOf(result.label);
  const bars = response.labels.map((label, i) => {
    const fill = el('div', { class: 'fill' });
    fill.style.width = `${(result.probabilities[i] * 100).toFixed(1)}%`;
    return el(
      'div',
      { class: `bar${i === top ? ' top' : ''}` },
      el('span', {}, label),
      el('div', { class: 'track' }, fill),
      el('span', {}, result.probabilities[i].toFixed(3)),
    );
  });
  const rows = result.provenance.map((p) => {
    const verdict = el('span', { 'data-testid': 'verify-result' });
    const button = el('button', { type: 'button', class: 'small' }, 'verify');
    button.addEventListener('click', async () => {
      verdict.textContent = '…';
      try {
        const check = await api('/v1/verify', { method: 'POST', body: JSON.stringify(p) });
        verdict.textContent = check.valid ? `✓ signed by uid ${check.uid ?? '?'}` : '✗ does not verify';
        verdict.className = check.valid ? 'ok' : 'fail';
      } catch (err) {
        verdict.textContent = err.message;
        verdict.className = 'fail';
      }
    });
    return el(
      'tr',
      { 'data-testid': 'provenance-row' },
      el('td', { class: 'num' }, p.uid),
      el('td', { title: p.hotkey }, el('code', {}, short(p.hotkey, 5))),
      el('td', {}, p.label),
      el('td', { title: p.modelSha256 }, el('code', {}, short(p.modelSha256, 4))),
      el('td', { title: p.signature }, el('code', {}, short(p.signature, 6))),
      el('td', { class: 'num' }, `${p.latencyMs.toFixed(1)} ms`),
      el('td', {}, button, ' ', verdict),
    );
  });
  $('answer').replaceChildren(
    el('div', { class: 'answer-label', 'data-testid': 'answer-label' }, result.label),
    el(
      'div',
      { class: 'meta' },
      `${response.domain} / ${response.task} · ${response.redundancy.answered} of ${response.redundancy.requested} miners · agreement ${(result.agreement * 100).toFixed(0)}% · ${response.latencyMs.toFixed(1)} ms`,
    ),
    el('div', { class: 'bars' }, ...bars),
    el('h3', {}, 'Provenance'),
    el(
      'div',
      { class: 'provenance' },
      el(
        'table',
        { 'data-testid': 'provenance' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...['uid', 'hotkey', 'label', 'model', 'signature', 'latency', ''].map((h) => el('th', {}, h)),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    ),
  );
  $('answer').hidden = false;
}

async function classify(event) {
  event.preventDefault();
  const button = event.submitter ?? document.querySelector('button[type=submit]');
  const key = $('api-key').value.trim();
  if (key) localStorage.setItem('expertnet.apiKey', key);
  $('error').hidden = true;
  button.disabled = true;
  try {
    const response = await api('/v1/classify', {
      method: 'POST',
      body: JSON.stringify({
        domain: $('domain').value,
        texts: [$('text').value],
        redundancy: Number($('redundancy').value),
      }),
    });
    renderAnswer(response);
  } catch (err) {
    $('error').textContent = err.status === 401 ? `${err.message} — enter an API key above` : err.message;
    $('error').hidden = false;
  } finally {
    button.disabled = false;
  }
}

$('classify-form').addEventListener('submit', classify);
$('api-key').value = localStorage.getItem('expertnet.apiKey') ?? '';
await refresh();
setInterval(refresh, REFRESH_MS);
