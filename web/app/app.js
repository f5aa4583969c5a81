// annals — browser front-end.
// Plain ES2020, no build step; d3 v7 is loaded before this file as a global.
// Every string that comes from the API is put in the page as text (textContent / d3 .text()),
// never as markup.
'use strict';

(() => {
  // ---------------------------------------------------------------------------
  // Constants

  const EVENT_TYPES = [
    'Battles',
    'Explosions/Remote violence',
    'Violence against civilians',
    'Strategic developments',
    'Protests',
    'Riots',
  ];
  const TYPE_COLOURS = {
    'Battles': '#4e79a7',
    'Explosions/Remote violence': '#f28e2b',
    'Violence against civilians': '#e15759',
    'Strategic developments': '#76b7b2',
    'Protests': '#59a14f',
    'Riots': '#b07aa1',
    'Other': '#bab0ac',
  };
  // Bloc colours by bloc name. Syria's blocs keep the colours the app has always given them, and
  // so do `other` and `civilians`, which every theatre has; any other bloc gets one of d3's
  // categorical colours when the theatres are known (`learnTheatres`), the same for the same name.
  const FIXED_BLOC_COLOURS = {
    government: '#d62728',
    opposition: '#2ca02c',
    isil: '#222222',
    sdf: '#ff7f0e',
    other: '#9467bd',
    civilians: '#8c8c8c',
  };
  const UNKNOWN_COLOUR = '#bbbbbb';
  // Words of bloc names that are written in capitals.
  const ACRONYMS = new Set(['isil', 'isis', 'sdf', 'gna', 'lna', 'gnc', 'ypg', 'fsa', 'sna', 'hts', 'un', 'nato', 'ussr', 'uk', 'us', 'usa']);
  const PAGE_SIZE = 100;
  const SNIPPET_CHARS = 160;
  const DAY_MS = 86400000;
  const MAP_W = 640;
  const MAP_H = 580;
  const MAP_MARGIN = 28;
  const CONTROL_R = 4.5;
  // The least a map shows across, in degrees of longitude and latitude: one town's events are
  // shown with the sea and land around them.
  const MIN_SPAN = 5;
  // The widest view, in degrees of longitude, that draws the rivers and lakes.
  const DETAIL_SPAN = 40;
  // A place counts in the region a map shows when this share of the events shown happened
  // within NEIGHBOURHOOD_KM of it; the busiest CORE_CANDIDATES places are weighed (see corePlaces).
  const CORE_SHARE = 0.03;
  const NEIGHBOURHOOD_KM = 800;
  const CORE_CANDIDATES = 400;
  // How many blocs a map's legend names before it says "and N more".
  const LEGEND_BLOCS = 14;
  const ATTRIBUTION_WORLD = 'Base map: Natural Earth countries, rivers and lakes (public domain; the countries via world-atlas)';
  const ATTRIBUTION_REGIONS = 'geoBoundaries Syria ADM1 (Runfola et al. 2020, CC BY 3.0 IGO)';

  const blocColours = new Map(Object.entries(FIXED_BLOC_COLOURS));
  const blocLabels = new Map(); // bloc -> label the data gives (a side's first belligerent)

  /** A 32-bit FNV-1a hash of a name: where a bloc's colour is looked for first. */
  function hashName(name) {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i += 1) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  /**
   * d3's categorical colours that a map tells apart from the fixed ones and from each other: none
   * near a fixed colour or the unknown holder's grey, none near one listed before it, none so pale
   * that a dot of it vanishes on the land.
   */
  const blocPalette = (() => {
    let palette = null;
    const near = (a, b, d) => {
      const x = d3.lab(a);
      const y = d3.lab(b);
      return Math.hypot(x.l - y.l, x.a - y.a, x.b - y.b) < d;
    };
    return () => {
      if (palette) return palette;
      const fixed = Object.values(FIXED_BLOC_COLOURS).concat([UNKNOWN_COLOUR]);
      palette = [];
      for (const c of [].concat(d3.schemeTableau10, d3.schemeDark2, d3.schemeSet1)) {
        if (d3.lab(c).l > 85 || fixed.some((f) => near(c, f, 23)) || palette.some((p) => near(c, p, 15))) continue;
        palette.push(c);
      }
      return palette;
    };
  })();

  /**
   * Learns the theatres' blocs: their labels, and a colour for each bloc that has none yet. A
   * bloc starts looking at the colour its name hashes to and takes the first one no bloc of its
   * theatre has (nor, while some are left, any bloc at all), so the blocs of one war never share
   * a colour. Theatres from files come first, by id, then those of single conflicts: the same
   * database gives every page the same colours.
   */
  function learnTheatres(theatres) {
    const list = (Array.isArray(theatres) ? theatres : []).filter((t) => t && Array.isArray(t.blocs));
    list.sort((a, b) => (Number(!!a.own) - Number(!!b.own)) || d3.ascending(String(a.id), String(b.id)));
    const palette = blocPalette();
    const used = new Set([...blocColours.values()]);
    for (const t of list) {
      learnLabels(t);
      const mine = new Set(t.blocs.map((b) => blocColours.get(b)).filter(Boolean));
      for (const bloc of t.blocs) {
        if (blocColours.has(bloc) || !palette.length) continue;
        const start = hashName(bloc) % palette.length;
        const at = (i) => palette[(start + i) % palette.length];
        let pick = null;
        for (let i = 0; i < palette.length && !pick; i += 1) if (!used.has(at(i)) && !mine.has(at(i))) pick = at(i);
        for (let i = 0; i < palette.length && !pick; i += 1) if (!mine.has(at(i))) pick = at(i);
        pick = pick || at(0);
        blocColours.set(bloc, pick);
        used.add(pick);
        mine.add(pick);
      }
    }
  }

  function learnLabels(theatre) {
    const labels = theatre && theatre.bloc_labels;
    if (!labels || typeof labels !== 'object') return;
    for (const [bloc, label] of Object.entries(labels)) if (!blocLabels.has(bloc) && label) blocLabels.set(bloc, String(label));
  }

  function blocColour(bloc) {
    if (!bloc) return UNKNOWN_COLOUR;
    if (!blocColours.has(bloc)) {
      // A bloc no theatre the page knows names (the database changed since): its name's colour.
      const palette = blocPalette();
      blocColours.set(bloc, palette.length ? palette[hashName(bloc) % palette.length] : UNKNOWN_COLOUR);
    }
    return blocColours.get(bloc);
  }

  /** A bloc's name for people: the belligerent it is named after, or its words ("isil" is ISIL). */
  function blocLabel(bloc) {
    if (!bloc) return 'Unknown';
    if (blocLabels.has(bloc)) return blocLabels.get(bloc);
    const words = String(bloc).split(/[-_\s]+/).filter(Boolean)
      .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w));
    if (!words.length) return String(bloc);
    if (words[0] === words[0].toLowerCase()) words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return words.join(' ');
  }

  /** What a side is called: its bloc when annals knows it, else its first belligerent. */
  function sideLabel(side, i) {
    if (side && side.bloc) return blocLabel(side.bloc);
    const first = side && ((side.belligerents || [])[0] || (side.supported_by || [])[0]);
    return first || `Side ${i + 1}`;
  }

  const typeColour = (type) => TYPE_COLOURS[type] || TYPE_COLOURS.Other;

  // ---------------------------------------------------------------------------
  // Small DOM helpers

  /** el('div', {class: 'x', text: 'hello', dataset: {a: 1}, onclick: fn}, child, 'text', ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else if (value === true) node.setAttribute(key, '');
        else node.setAttribute(key, String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function truncate(text, n) {
    const s = String(text || '').replace(/\s+/g, ' ').trim();
    return s.length > n ? s.slice(0, n).replace(/\s+\S*$/, '') + '…' : s;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : (many || one + 's')}`;
  }

  function debounce(fn, ms) {
    let timer = null;
    const wrapped = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
    wrapped.cancel = () => clearTimeout(timer);
    return wrapped;
  }

  // ---------------------------------------------------------------------------
  // Dates (all in UTC, as plain YYYY-MM-DD strings)

  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function dayToMs(s) {
    if (!ISO_DAY.test(s || '')) return NaN;
    const [y, m, d] = s.split('-').map(Number);
    const ms = Date.UTC(y, m - 1, d);
    return fmtDay(ms) === s ? ms : NaN;
  }

  /** A day from a full or partial date: "2014" and "2014-05" become their first (or last) day. */
  function toDay(s, last) {
    const str = String(s || '').trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(str)) return str;
    if (/^\d{4}-\d{2}$/.test(str)) return last ? lastDayOfMonth(str) : `${str}-01`;
    if (/^\d{4}$/.test(str)) return last ? `${str}-12-31` : `${str}-01-01`;
    return '';
  }

  function fmtDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function monthRange(first, last) {
    const out = [];
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
      if (out.length > 2400) break; // 200 years: a guard against nonsense input
    }
    return out;
  }

  const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function monthLabel(ym) {
    const [y, m] = ym.split('-');
    return `${MONTH_NAMES[Number(m) - 1] || m} ${y}`;
  }

  function lastDayOfMonth(ym) {
    const [y, m] = ym.split('-').map(Number);
    return fmtDay(Date.UTC(y, m, 0));
  }

  function dateRange(a, b) {
    if (!a) return b || '';
    if (!b || a === b) return a;
    return `${a} – ${b}`;
  }

  // ---------------------------------------------------------------------------
  // API access

  class ApiError extends Error {
    constructor(message, status, url) {
      super(message);
      this.name = 'ApiError';
      this.status = status;
      this.url = url;
    }
  }

  function queryString(params) {
    if (!params) return '';
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === '') continue;
      q.set(key, String(value));
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  async function api(path, params, signal) {
    const url = path + queryString(params);
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError(`could not reach the server for ${url} (${err.message})`, 0, url);
    }
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (_) {
      body = null;
    }
    if (!res.ok) {
      const message = body && typeof body.error === 'string' ? body.error : `HTTP ${res.status} ${res.statusText}`;
      throw new ApiError(`${message} (${res.status}, ${url})`, res.status, url);
    }
    if (body === null) throw new ApiError(`the server sent no JSON for ${url}`, res.status, url);
    return body;
  }

  // Responses that do not change while the page is open.
  const cache = new Map();
  function cached(key, load) {
    if (!cache.has(key)) {
      const p = load();
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return cache.get(key);
  }

  const getStatus = () => cached('status', () => api('/api/status'));
  const getConflicts = () => cached('conflicts', async () => {
    const body = await api('/api/conflicts');
    const list = Array.isArray(body.conflicts) ? body.conflicts : [];
    for (const c of list) {
      conflictIndex.set(c.id, c);
      if (c.title) conflictIndex.set(c.title, c);
    }
    return list;
  });
  const conflictIndex = new Map(); // id or title -> conflict summary
  // The base layers: the world's countries (Natural Earth through world-atlas, as TopoJSON), and
  // the rivers, lakes and first-level regions (Syria's governorates) of data/geo.
  const getGeo = () => cached('geo', async () => {
    const [world, regions, rivers, lakes] = await Promise.all([
      api('/geo/countries-50m.json'),
      ...['governorates', 'rivers', 'lakes'].map((n) => api(`/geo/${n}.geojson`)),
    ]);
    if (typeof topojson === 'undefined') throw new Error('/assets/topojson-client.min.js did not load');
    // world-atlas winds its rings as d3 wants them (and Antarctica's ring, around the pole, must
    // not be turned); the GeoJSON files follow RFC 7946.
    const countries = topojson.feature(world, world.objects.countries);
    countries.features = countries.features.filter((f) => f.geometry);
    for (const fc of [regions, lakes]) fixWinding(fc);
    for (const f of countries.features) f.__bounds = d3.geoBounds(f);
    return { countries, regions, rivers, lakes, regionBounds: d3.geoBounds(regions) };
  });

  // d3-geo wants the outer ring of a polygon clockwise (on the sphere); files written to RFC 7946
  // have it the other way round, which d3 reads as "the whole world but this". Reverse those.
  function fixWinding(fc) {
    for (const f of fc.features || []) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const rings of polys) {
        const outer = { type: 'Polygon', coordinates: [rings[0]] };
        if (d3.geoArea(outer) > 2 * Math.PI) for (const ring of rings) ring.reverse();
      }
    }
  }

  function isAbort(err) {
    return err && err.name === 'AbortError';
  }

  /** Shows an error in a visible box at the top of `container` (never swallowed). */
  function showError(container, err, what) {
    if (isAbort(err)) return null;
    console.error(what || 'error', err);
    const message = err && err.message ? err.message : String(err);
    const box = el('div', { class: 'error', role: 'alert' },
      el('strong', { text: what ? `${what}: ` : 'Error: ' }), message);
    (container || document.getElementById('app-errors')).prepend(box);
    return box;
  }

  function clearErrors(container) {
    for (const box of container.querySelectorAll(':scope > .error')) box.remove();
  }

  /** Error boxes in one container, one per source: a new error replaces that source's old one. */
  function errorSlots(container) {
    const boxes = new Map();
    return {
      set(key, err, what) {
        this.clear(key);
        const box = showError(container, err, what);
        if (box) boxes.set(key, box);
      },
      clear(key) {
        const old = boxes.get(key);
        if (old) old.remove();
        boxes.delete(key);
      },
    };
  }

  function conflictTitle(key) {
    const c = conflictIndex.get(key);
    return c ? c.title : key;
  }

  function conflictId(key) {
    const c = conflictIndex.get(key);
    return c ? c.id : null;
  }

  // ---------------------------------------------------------------------------
  // Document badges

  function docLabel(name) {
    const s = String(name || '');
    const m = /^([^_.\s]{1,8})[_.]/.exec(s);
    return m ? m[1] : truncate(s, 10);
  }

  function docBadges(documents, allDocuments) {
    const docs = Array.isArray(documents) ? documents : [];
    const wrap = el('span', { class: 'doc-badges' });
    for (const d of docs) wrap.appendChild(el('span', { class: 'doc-badge', title: d, text: docLabel(d) }));
    return wrap;
  }

  /** True when a value is asserted by fewer documents than the conflict has. */
  function isPartial(documents, allDocuments) {
    if (!Array.isArray(allDocuments) || allDocuments.length < 2) return false;
    const docs = new Set(Array.isArray(documents) ? documents : []);
    return allDocuments.some((d) => !docs.has(d));
  }

  function blocChip(bloc) {
    return el('span', { class: 'bloc-chip', 'data-bloc': bloc || '' },
      el('span', { class: 'swatch', style: `background:${blocColour(bloc)}` }),
      blocLabel(bloc));
  }

  /** A side's chip: its bloc's colour and name, or, when its bloc is unknown, its first belligerent. */
  function sideChip(side, i) {
    const bloc = side && side.bloc;
    return el('span', { class: bloc ? 'bloc-chip' : 'bloc-chip no-bloc', 'data-bloc': bloc || '' },
      el('span', { class: 'swatch', style: `background:${blocColour(bloc)}` }),
      sideLabel(side, i));
  }

  // ---------------------------------------------------------------------------
  // Source viewer

  const viewer = {
    root: null,
    seq: 0,
    abort: null,
    returnFocus: null,
  };

  function initViewer() {
    viewer.root = document.getElementById('doc-viewer');
    document.getElementById('doc-viewer-close').addEventListener('click', closeViewer);
    viewer.root.addEventListener('click', (ev) => {
      if (ev.target instanceof Element && ev.target.dataset.close) closeViewer();
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !viewer.root.hidden) {
        ev.preventDefault();
        closeViewer();
      }
    });
  }

  function closeViewer() {
    if (!viewer.root || viewer.root.hidden) return;
    viewer.seq += 1;
    if (viewer.abort) viewer.abort.abort();
    viewer.root.hidden = true;
    document.body.classList.remove('viewer-open');
    const back = viewer.returnFocus;
    viewer.returnFocus = null;
    if (back && document.contains(back)) back.focus({ preventScroll: true });
  }

  /**
   * Opens the source viewer on one sentence.
   * src: {document, span: [start, end] | null, text (the sentence, used when there is no span), date}
   */
  async function openSource(src) {
    const seq = ++viewer.seq;
    if (viewer.abort) viewer.abort.abort();
    viewer.abort = new AbortController();
    viewer.returnFocus = document.activeElement;
    const title = document.getElementById('doc-viewer-title');
    const docName = document.getElementById('doc-viewer-doc');
    const body = document.getElementById('doc-viewer-body');
    const errors = document.getElementById('doc-viewer-errors');
    errors.replaceChildren();
    title.textContent = 'Loading the source…';
    docName.textContent = src.document || '';
    body.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
    viewer.root.hidden = false;
    viewer.root.dataset.document = src.document || '';
    document.body.classList.add('viewer-open');
    document.getElementById('doc-viewer-close').focus({ preventScroll: true });

    const span = Array.isArray(src.span) && src.span.length === 2 ? src.span : null;
    const params = { document: src.document };
    if (span) { params.start = span[0]; params.end = span[1]; }
    let res;
    try {
      res = await api('/api/source', params, viewer.abort.signal);
    } catch (err) {
      if (seq !== viewer.seq) return;
      title.textContent = 'Source not available';
      body.replaceChildren();
      if (src.text) body.appendChild(el('p', {}, el('mark', { id: 'source-mark', text: src.text })));
      showError(errors, err, 'Could not load the source');
      return;
    }
    if (seq !== viewer.seq) return;
    title.textContent = res.title || res.document || src.document;
    docName.textContent = res.document || src.document;
    let before = res.before || '';
    let marked = res.text || '';
    let after = res.after || '';
    if (!span && src.text) {
      // No span recorded: find the sentence in the document ourselves.
      const whole = before + marked + after;
      const at = whole.indexOf(src.text);
      if (at >= 0) {
        before = whole.slice(0, at);
        marked = src.text;
        after = whole.slice(at + src.text.length);
      } else {
        before = whole;
        marked = '';
        after = '';
        showError(errors, new Error('the sentence was not found in this document; it is shown above the text'), 'Note');
      }
    }
    let mark;
    if (marked || span) {
      mark = el('mark', { id: 'source-mark', text: marked });
      body.replaceChildren(el('div', { class: 'doc-flow' }, before, mark, after));
    } else {
      // The sentence is not in the text the server sent: show it above the whole document.
      mark = el('mark', { id: 'source-mark', text: src.text || '' });
      body.replaceChildren(el('p', { class: 'quote' }, mark), el('div', { class: 'doc-flow' }, before));
    }
    // Centre the span inside the scrolling panel.
    requestAnimationFrame(() => {
      if (seq !== viewer.seq) return;
      mark.scrollIntoView({ block: 'center', inline: 'nearest' });
    });
  }

  function sourceHref(src) {
    const params = { document: src.document };
    if (Array.isArray(src.span)) { params.start = src.span[0]; params.end = src.span[1]; }
    return '/api/source' + queryString(params);
  }

  // ---------------------------------------------------------------------------
  // Shared filters (the timeline's form drives both the timeline and the map's event points)

  function createFilters(base) {
    let values = { type: '', actor: '', place: '', from: '', to: '' };
    const listeners = new Set();
    return {
      base,
      values: () => ({ ...values }),
      params: () => ({ ...base, ...values }),
      set(next) {
        values = { ...values, ...next };
        for (const fn of listeners) fn(values);
      },
      on(fn) { listeners.add(fn); },
    };
  }

  // ---------------------------------------------------------------------------
  // Timeline component: filter form, histogram chart, paged event list

  function buildTimeline(ctx, filters, opts) {
    const section = el('section', { id: 'timeline', class: 'panel' });
    const errors = el('div', { class: 'errors' });
    const typeSelect = el('select', { id: 'filter-type', name: 'type' },
      el('option', { value: '', text: 'All types' }),
      EVENT_TYPES.map((t) => el('option', { value: t, text: t })));
    const actor = el('input', { id: 'filter-actor', name: 'actor', type: 'text', placeholder: 'a name', autocomplete: 'off' });
    const place = el('input', { id: 'filter-place', name: 'place', type: 'text', placeholder: 'a name', autocomplete: 'off' });
    const from = el('input', { id: 'filter-from', name: 'from', type: 'date' });
    const to = el('input', { id: 'filter-to', name: 'to', type: 'date' });
    const apply = el('button', { id: 'filter-apply', type: 'submit', class: 'primary', text: 'Apply' });
    const clear = el('button', { id: 'filter-clear', type: 'button', text: 'Clear' });
    const form = el('form', { id: 'timeline-filters', class: 'filters', autocomplete: 'off' },
      el('label', {}, el('span', { text: 'Type' }), typeSelect),
      el('label', {}, el('span', { text: 'Actor' }), actor),
      el('label', {}, el('span', { text: 'Place' }), place),
      el('label', {}, el('span', { text: 'From' }), from),
      el('label', {}, el('span', { text: 'To' }), to),
      el('div', { class: 'filter-buttons' }, apply, clear));
    const chartWrap = el('div', { class: 'chart-wrap' });
    const svgNode = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svgNode.id = 'timeline-chart';
    svgNode.setAttribute('role', 'img');
    svgNode.setAttribute('aria-label', 'Events per month, by event type');
    chartWrap.appendChild(svgNode);
    const legend = el('div', { class: 'legend type-legend' });
    const total = el('span', { id: 'event-total', class: 'total', text: '…' });
    const list = el('ol', { id: 'event-list', class: 'event-list' });
    const more = el('button', { id: 'event-more', type: 'button', class: 'more', hidden: true, text: 'More' });
    const scopeNote = opts && opts.scope ? el('span', { class: 'muted', text: ` · ${opts.scope}` }) : null;
    append(section, [
      el('h2', { text: 'Timeline' }),
      form,
      errors,
      chartWrap,
      legend,
      el('p', { class: 'list-head' }, total, scopeNote,
        el('span', { class: 'muted hint', text: ' · click an event to read it in its source' })),
      list,
      more,
    ]);

    const state = { bins: null, loaded: 0, total: 0, seq: 0, abort: null, showConflict: !filters.base.conflict };

    function readForm() {
      return {
        type: typeSelect.value,
        actor: actor.value.trim(),
        place: place.value.trim(),
        from: from.value,
        to: to.value,
      };
    }

    function writeForm(v) {
      typeSelect.value = v.type || '';
      actor.value = v.actor || '';
      place.value = v.place || '';
      from.value = v.from || '';
      to.value = v.to || '';
    }

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      filters.set(readForm());
    });
    clear.addEventListener('click', () => {
      writeForm({});
      filters.set(readForm());
    });
    filters.on((v) => {
      writeForm(v);
      load();
    });

    list.addEventListener('click', (ev) => {
      const li = ev.target instanceof Element ? ev.target.closest('li.event') : null;
      if (li && li._event) openEvent(li._event);
    });
    list.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      const li = ev.target instanceof Element ? ev.target.closest('li.event') : null;
      if (li && li._event) {
        ev.preventDefault();
        openEvent(li._event);
      }
    });
    more.addEventListener('click', () => loadMore());

    function openEvent(e) {
      openSource({ document: e.document, span: e.span, text: e.text });
    }

    function eventItem(e) {
      const li = el('li', {
        class: 'event',
        tabindex: '0',
        'data-id': e.id,
        'data-type': e.event_type || '',
        'data-document': e.document || '',
      });
      li._event = e;
      const fat = fatalities(e.fatalities);
      const meta = el('div', { class: 'event-meta' },
        el('time', { class: 'event-date', text: dateRange(e.date_start, e.date_end) }),
        el('span', {
          class: 'event-sub',
          style: `border-color:${typeColour(e.event_type)}`,
          title: e.event_type || '',
          text: e.sub_event_type || e.event_type || 'Event',
        }),
        e.location ? el('span', { class: 'event-place', text: e.location }) : null,
        fat ? el('span', { class: 'event-fat', title: 'fatalities', text: fat }) : null);
      const actors = (e.actor1 || e.actor2) ? el('div', { class: 'event-actors' },
        actorName(e.actor1, e.actor1_bloc),
        e.actor2 ? el('span', { class: 'arrow', text: ' → ' }) : null,
        e.actor2 ? actorName(e.actor2, e.actor2_bloc) : null) : null;
      const text = el('p', { class: 'event-text', text: truncate(e.text, SNIPPET_CHARS) });
      const foot = el('div', { class: 'event-foot' },
        docBadges(e.documents && e.documents.length ? e.documents : [e.document]),
        e.source ? el('span', { class: 'muted', text: ` according to ${e.source}` }) : null,
        state.showConflict && e.conflict ? el('span', { class: 'event-conflict muted', text: conflictTitle(e.conflict) }) : null);
      return append(li, [meta, actors, text, foot]);
    }

    function actorName(name, bloc) {
      if (!name) return el('span', { class: 'actor muted', text: '—' });
      return el('span', { class: 'actor', title: bloc ? blocLabel(bloc) : '' },
        el('span', { class: 'swatch', style: `background:${blocColour(bloc)}` }), name);
    }

    function setTotal() {
      total.textContent = plural(state.total, 'event');
      more.hidden = state.loaded >= state.total;
      more.textContent = `More (${Math.min(PAGE_SIZE, state.total - state.loaded)} of ${state.total - state.loaded} left)`;
    }

    function begin() {
      state.seq += 1;
      if (state.abort) state.abort.abort();
      state.abort = new AbortController();
      ctx.signal.addEventListener('abort', () => state.abort.abort(), { once: true });
      return { seq: state.seq, signal: state.abort.signal };
    }

    async function load() {
      const job = begin();
      section.dataset.busy = '1';
      clearErrors(errors);
      const params = filters.params();
      const hist = api('/api/events/histogram', params, job.signal)
        .then((body) => {
          if (job.seq !== state.seq) return;
          state.bins = Array.isArray(body.bins) ? body.bins : [];
          drawChart();
        })
        .catch((err) => {
          if (job.seq === state.seq) {
            d3.select(svgNode).selectAll('*').remove();
            legend.replaceChildren();
            showError(errors, err, 'Events per month');
          }
        });
      // Without a conflict filter each event names its conflict: have the titles at hand first.
      const titles = state.showConflict ? getConflicts().catch(() => null) : null;
      const events = Promise.all([api('/api/events', { ...params, limit: PAGE_SIZE, offset: 0 }, job.signal), titles])
        .then(([body]) => {
          if (job.seq !== state.seq) return;
          const evs = Array.isArray(body.events) ? body.events : [];
          state.total = Number(body.total) || 0;
          state.loaded = evs.length;
          list.replaceChildren(...evs.map(eventItem));
          if (!evs.length) list.appendChild(el('li', { class: 'empty muted', text: 'No event matches these filters.' }));
          setTotal();
        })
        .catch((err) => {
          if (job.seq === state.seq) {
            list.replaceChildren();
            total.textContent = '? events';
            more.hidden = true;
            showError(errors, err, 'Events');
          }
        });
      await Promise.all([hist, events]);
      if (job.seq === state.seq) delete section.dataset.busy;
    }

    async function loadMore() {
      const seq = state.seq;
      more.disabled = true;
      try {
        const body = await api('/api/events', { ...filters.params(), limit: PAGE_SIZE, offset: state.loaded }, state.abort.signal);
        if (seq !== state.seq) return;
        const evs = Array.isArray(body.events) ? body.events : [];
        state.total = Number(body.total) || state.total;
        state.loaded += evs.length;
        append(list, evs.map(eventItem));
        if (!evs.length) state.loaded = state.total; // nothing more to fetch
        setTotal();
      } catch (err) {
        if (seq === state.seq) showError(errors, err, 'More events');
      } finally {
        more.disabled = false;
      }
    }

    function pickMonth(month) {
      writeForm({ ...readForm(), from: `${month}-01`, to: lastDayOfMonth(month) });
      filters.set(readForm());
    }

    function drawChart() {
      lastWidth = chartWrap.clientWidth;
      drawHistogram(svgNode, legend, state.bins, pickMonth, lastWidth);
    }

    let lastWidth = 0;
    const resize = new ResizeObserver(debounce(() => {
      const w = chartWrap.clientWidth;
      if (!document.contains(section)) { resize.disconnect(); return; }
      if (Math.abs(w - lastWidth) > 4 && state.bins) { lastWidth = w; drawChart(); }
      else lastWidth = w;
    }, 100));
    resize.observe(chartWrap);
    ctx.signal.addEventListener('abort', () => resize.disconnect(), { once: true });

    /** Examples in the filter fields, from what the page shows: a belligerent, the busiest place. */
    function setExamples(ex) {
      if (ex && ex.actor) actor.placeholder = `e.g. ${ex.actor}`;
      if (ex && ex.place) place.placeholder = `e.g. ${ex.place}`;
    }

    return { node: section, load, setExamples };
  }

  function fatalities(f) {
    if (f === null || f === undefined) return '';
    if (typeof f === 'number') return `${f} killed`;
    if (typeof f === 'object') {
      const lo = f.low;
      const hi = f.high;
      if (lo === null && hi === null) return '';
      if (lo === hi || hi === null || hi === undefined) return `${lo} killed`;
      if (lo === null || lo === undefined) return `up to ${hi} killed`;
      return `${lo}–${hi} killed`;
    }
    return String(f);
  }

  function drawHistogram(svgNode, legendNode, rawBins, onPick, wrapWidth) {
    const svg = d3.select(svgNode);
    svg.selectAll('*').remove();
    const width = Math.max(280, Math.round(wrapWidth || 560));
    const height = 170;
    const m = { top: 10, right: 10, bottom: 22, left: 34 };
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const bins = rawBins.filter((b) => /^\d{4}-\d{2}$/.test(b.month || '')).sort((a, b) => d3.ascending(a.month, b.month));
    legendNode.replaceChildren();
    if (!bins.length) {
      svg.append('text').attr('class', 'empty').attr('x', width / 2).attr('y', height / 2)
        .attr('text-anchor', 'middle').text('No dated events');
      return;
    }
    const months = monthRange(bins[0].month, bins[bins.length - 1].month);
    const byMonth = new Map(bins.map((b) => [b.month, b]));
    const seen = new Set();
    for (const b of bins) for (const t of Object.keys(b.types || {})) seen.add(t);
    const types = EVENT_TYPES.filter((t) => seen.has(t)).concat([...seen].filter((t) => !EVENT_TYPES.includes(t)).sort());
    let needOther = false;
    const rows = months.map((month) => {
      const b = byMonth.get(month);
      const row = { month, total: b ? Number(b.count) || 0 : 0 };
      let sum = 0;
      for (const t of types) {
        row[t] = b && b.types ? Number(b.types[t]) || 0 : 0;
        sum += row[t];
      }
      row.__other = Math.max(0, row.total - sum);
      if (row.__other) needOther = true;
      row.total = Math.max(row.total, sum);
      return row;
    });
    const keys = needOther ? types.concat(['__other']) : types;
    const series = d3.stack().keys(keys)(rows);
    const x = d3.scaleBand().domain(months).range([m.left, width - m.right])
      .paddingInner(months.length > 48 ? 0.08 : 0.2).paddingOuter(0.05);
    const maxY = d3.max(rows, (r) => r.total) || 1;
    const y = d3.scaleLinear().domain([0, maxY]).nice().range([height - m.bottom, m.top]);
    const yTicks = y.ticks(4).filter(Number.isInteger);

    svg.append('g').attr('class', 'grid')
      .selectAll('line').data(yTicks).join('line')
      .attr('x1', m.left).attr('x2', width - m.right)
      .attr('y1', (d) => y(d)).attr('y2', (d) => y(d));
    svg.append('g').attr('class', 'bars')
      .selectAll('g').data(series).join('g')
      .attr('fill', (s) => (s.key === '__other' ? TYPE_COLOURS.Other : typeColour(s.key)))
      .attr('data-type', (s) => s.key)
      .selectAll('rect')
      .data((s) => s.filter((v) => v[1] > v[0]))
      .join('rect')
      .attr('class', 'bar')
      .attr('x', (v) => x(v.data.month))
      .attr('width', Math.max(1, x.bandwidth()))
      .attr('y', (v) => y(v[1]))
      .attr('height', (v) => Math.max(0.5, y(v[0]) - y(v[1])));

    const yearly = months.length > 24;
    const step = yearly ? 1 : Math.max(1, Math.ceil(months.length / 8));
    const tickMonths = yearly
      ? months.filter((mm, i) => mm.endsWith('-01') || i === 0)
      : months.filter((_, i) => i % step === 0);
    const xAxis = d3.axisBottom(x).tickValues(tickMonths).tickSizeOuter(0)
      .tickFormat((mm) => (yearly ? mm.slice(0, 4) : monthLabel(mm)));
    svg.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${height - m.bottom})`).call(xAxis);
    svg.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${m.left},0)`)
      .call(d3.axisLeft(y).tickValues(yTicks).tickFormat(d3.format('d')).tickSizeOuter(0));

    // One transparent hit area per month that has events: tooltip and click to filter on that month.
    svg.append('g').attr('class', 'hits')
      .selectAll('rect').data(rows.filter((r) => r.total > 0)).join('rect')
      .attr('x', (r) => x(r.month) - (x.step() - x.bandwidth()) / 2)
      .attr('width', x.step())
      .attr('y', m.top)
      .attr('height', height - m.top - m.bottom)
      .attr('fill', 'transparent')
      .attr('data-month', (r) => r.month)
      .on('click', (_, r) => onPick(r.month))
      .append('title')
      .text((r) => [`${monthLabel(r.month)}: ${plural(r.total, 'event')} (click to show this month)`]
        .concat(keys.filter((k) => r[k]).map((k) => `${k === '__other' ? 'Other' : k}: ${r[k]}`)).join('\n'));

    for (const k of keys) {
      const name = k === '__other' ? 'Other' : k;
      legendNode.appendChild(el('span', { class: 'legend-item' },
        el('span', { class: 'swatch square', style: `background:${typeColour(name)}` }), name));
    }
  }

  // ---------------------------------------------------------------------------
  // The region a map shows

  const validPoint = (p) => p && Number.isFinite(p.longitude) && Number.isFinite(p.latitude);

  /** Whether a [[west, south], [east, north]] box (east < west when it crosses 180°) holds a lon/lat. */
  function boxContains(b, [lon, lat]) {
    if (!b || lat < b[0][1] || lat > b[1][1]) return false;
    return b[0][0] <= b[1][0] ? lon >= b[0][0] && lon <= b[1][0] : lon >= b[0][0] || lon <= b[1][0];
  }

  /** Whether two boxes meet; the first may cross 180°, the second may not. */
  function boxesMeet(a, b) {
    if (!a || !b || a[1][1] < b[0][1] || a[0][1] > b[1][1]) return false;
    const spans = a[0][0] <= a[1][0] ? [[a[0][0], a[1][0]]] : [[a[0][0], 180], [-180, a[1][0]]];
    return spans.some(([w, e]) => w <= b[1][0] && e >= b[0][0]);
  }

  /** A box as something d3 can fit a projection to. */
  function boxGeometry([[w, s], [e, n]]) {
    return { type: 'MultiPoint', coordinates: [[w, s], [e, s], [e, n], [w, n], [(w + e) / 2, s], [(w + e) / 2, n]] };
  }

  /**
   * The places that decide the region a view shows: those with at least CORE_SHARE of its events
   * within NEIGHBOURHOOD_KM of them (themselves included), so that a stray far-off place (a
   * mention in passing, a name placed in the wrong country) does not widen the map to half the
   * world, while a second theatre of the war does. Only the busiest places are weighed.
   */
  function corePlaces(places) {
    const pts = places.filter(validPoint)
      .sort((a, b) => (Number(b.count) || 0) - (Number(a.count) || 0))
      .slice(0, CORE_CANDIDATES)
      .map((p) => ({ lonlat: [p.longitude, p.latitude], w: Math.max(1, Number(p.count) || 1) }));
    if (pts.length <= 2) return pts.map((p) => p.lonlat);
    const total = d3.sum(pts, (p) => p.w);
    const radius = NEIGHBOURHOOD_KM / 6371;
    const kept = pts.filter((p) => d3.sum(pts, (q) => (d3.geoDistance(p.lonlat, q.lonlat) <= radius ? q.w : 0)) >= CORE_SHARE * total);
    return (kept.length ? kept : pts).map((p) => p.lonlat);
  }

  /** The outlines of a theatre's countries (by their English names), as a box. */
  function theatreBox(theatres, geo) {
    const codes = [...new Set(theatres.filter((t) => !t.own).flatMap((t) => t.countries || []))];
    if (!codes.length || typeof Intl === 'undefined' || !Intl.DisplayNames) return null;
    const key = (s) => String(s || '').normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '');
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const wanted = new Set();
    for (const code of codes) {
      try { wanted.add(key(names.of(code))); } catch (_) { /* a code Intl does not know */ }
    }
    const bounds = geo.countries.features.filter((f) => wanted.has(key(f.properties && f.properties.name))).map((f) => f.__bounds);
    if (!bounds.length) return null;
    const wide = bounds.some((b) => b[0][0] > b[1][0]);
    return [
      [wide ? -180 : d3.min(bounds, (b) => b[0][0]), d3.min(bounds, (b) => b[0][1])],
      [wide ? 180 : d3.max(bounds, (b) => b[1][0]), d3.max(bounds, (b) => b[1][1])],
    ];
  }

  /**
   * The region a map shows, [[west, south], [east, north]]: around the places of most of its
   * events; else around its conflict's place; else the countries of its theatres; else the world.
   * Returns the box and the points the view is about (to mark the countries they lie in).
   */
  function viewRegion(places, location, theatres, geo) {
    const core = corePlaces(places);
    let box = null;
    let focus = core;
    if (core.length) {
      box = [[d3.min(core, (p) => p[0]), d3.min(core, (p) => p[1])], [d3.max(core, (p) => p[0]), d3.max(core, (p) => p[1])]];
    } else if (validPoint(location)) {
      focus = [[location.longitude, location.latitude]];
      box = [focus[0], focus[0]];
    } else {
      box = theatreBox(theatres, geo) || [[-180, -58], [180, 78]];
    }
    // A little room around, and at least MIN_SPAN degrees across.
    let [[w, s], [e, n]] = box;
    const padX = Math.max((e - w) * 0.08, (MIN_SPAN - (e - w)) / 2);
    const padY = Math.max((n - s) * 0.08, (MIN_SPAN - (n - s)) / 2);
    // (Not quite to 180°: a projection reads both edges of the world as one meridian.)
    w = Math.max(-179.5, w - padX);
    e = Math.min(179.5, e + padX);
    s = Math.max(-78, s - padY);
    n = Math.min(84, n + padY);
    return { box: [[w, s], [e, n]], focus };
  }

  /** The legend's blocs: those of the theatres shown, in legend order; blocs every war has last. */
  function legendBlocs(theatres) {
    const seen = new Map();
    for (const t of theatres) for (const b of t.blocs || []) seen.set(b, (seen.get(b) || 0) + 1);
    const blocs = [...seen.keys()];
    if (theatres.length < 2) return blocs;
    return blocs.filter((b) => seen.get(b) === 1).concat(blocs.filter((b) => seen.get(b) > 1));
  }

  function blocLegend(theatres) {
    const blocs = legendBlocs(theatres);
    const shown = blocs.length > LEGEND_BLOCS + 1 ? blocs.slice(0, LEGEND_BLOCS) : blocs;
    const rest = blocs.slice(shown.length);
    return [
      shown.map((b) => el('span', { class: 'legend-item', 'data-bloc': b },
        el('span', { class: 'swatch dot', style: `background:${blocColour(b)}` }), blocLabel(b))),
      rest.length ? el('span', { class: 'legend-item muted', title: rest.map(blocLabel).join(', '), text: `and ${rest.length} more` }) : null,
    ];
  }

  // ---------------------------------------------------------------------------
  // Map component: base layers, event points, control layer with a date control

  /**
   * The map of a page: the base layers of the region its events happened in, its event points,
   * and the control layer with a date control.
   * opts.initialDate  the control date to start at
   * opts.theatres     the theatres whose blocs the legend names, and whose countries the map
   *                   shows when no event is placed
   * opts.location     {latitude, longitude} shown when no event is placed (a conflict's place)
   * opts.subject      what the map is of, for its label ("Battle of Kos")
   */
  function buildMap(ctx, filters, opts) {
    const o = opts || {};
    const theatres = Array.isArray(o.theatres) ? o.theatres.filter(Boolean) : [];
    const section = el('section', { id: 'map', class: 'panel' });
    const errors = el('div', { class: 'errors' });
    const svgNode = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svgNode.id = 'map-svg';
    svgNode.setAttribute('viewBox', `0 0 ${MAP_W} ${MAP_H}`);
    svgNode.setAttribute('role', 'img');
    svgNode.setAttribute('aria-label',
      `Map of the places of ${o.subject || 'the events'}, and who held each place on the chosen date`);
    const zoomButtons = el('div', { class: 'map-zoom' },
      el('button', { type: 'button', 'data-zoom': 'in', title: 'Zoom in', text: '+' }),
      el('button', { type: 'button', 'data-zoom': 'out', title: 'Zoom out', text: '−' }),
      el('button', { type: 'button', 'data-zoom': 'fit', title: 'Show the whole region of the events', text: 'Fit' }));
    const slider = el('input', { id: 'control-slider', type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Control date' });
    const output = el('output', { id: 'control-date', for: 'control-slider', text: '' });
    const dateInput = el('input', { id: 'control-date-input', type: 'date', 'aria-label': 'Control date' });
    const play = el('button', { type: 'button', id: 'control-play', class: 'play', title: 'Play through time', text: '▶' });
    const controlNote = el('span', { class: 'muted control-note', text: '' });
    const details = el('div', { id: 'map-details', class: 'map-details', hidden: true });
    const legend = el('div', { id: 'map-legend', class: 'legend bloc-legend' }, blocLegend(theatres),
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch dot', style: `background:${UNKNOWN_COLOUR}` }), 'Unknown'),
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch dot contested' }), 'Contested'),
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch ring' }), 'Events (size = count)'));
    const attribution = el('figcaption', { class: 'attribution', text: ATTRIBUTION_WORLD });
    const figure = el('figure', { class: 'map-figure' },
      el('div', { class: 'map-frame' }, svgNode, zoomButtons),
      attribution);
    append(section, [
      el('h2', { text: 'Map' }),
      errors,
      el('div', { class: 'control-bar' },
        el('label', { for: 'control-slider', class: 'control-label' }, 'Control on ', output),
        el('div', { class: 'control-inputs' }, play, slider, dateInput),
        controlNote),
      figure,
      legend,
      details,
    ]);

    const mapErrors = errorSlots(errors);
    const svg = d3.select(svgNode);
    svg.append('rect').attr('class', 'sea').attr('width', MAP_W).attr('height', MAP_H);
    const zoomLayer = svg.append('g').attr('class', 'zoom-layer');
    const gCountries = zoomLayer.append('g').attr('class', 'countries');
    const gRegions = zoomLayer.append('g').attr('class', 'governorates');
    const gLakes = zoomLayer.append('g').attr('class', 'lakes');
    const gRivers = zoomLayer.append('g').attr('class', 'rivers');
    const gOutline = zoomLayer.append('g').attr('class', 'outline');
    const gLabels = zoomLayer.append('g').attr('class', 'labels');
    const gEvents = zoomLayer.append('g').attr('class', 'event-points');
    const gControl = zoomLayer.append('g').attr('class', 'control-places');
    const gPlaceLabels = zoomLayer.append('g').attr('class', 'place-labels');

    let projection = null;
    let path = null;
    let k = 1; // current zoom factor
    let first = 0; // ms of the first day of the slider
    let days = 0;
    let current = '';
    const st = { labelPoints: [], placesSeq: 0, placesAbort: null, controlSeq: 0, controlAbort: null, playTimer: null, lastPlaces: [] };

    const zoom = d3.zoom()
      .scaleExtent([1, 24])
      .translateExtent([[0, 0], [MAP_W, MAP_H]])
      .filter((ev) => (ev.type === 'wheel' ? ev.ctrlKey || ev.metaKey : !ev.button))
      .on('zoom', (ev) => {
        zoomLayer.attr('transform', ev.transform);
        k = ev.transform.k;
        rescale();
      })
      .on('end', () => placeLabels());
    svg.call(zoom).on('dblclick.zoom', null);
    zoomButtons.addEventListener('click', (ev) => {
      const b = ev.target instanceof Element ? ev.target.closest('button') : null;
      if (!b) return;
      const t = svg.transition().duration(300);
      if (b.dataset.zoom === 'in') zoom.scaleBy(t, 1.6);
      else if (b.dataset.zoom === 'out') zoom.scaleBy(t, 1 / 1.6);
      else if (b.dataset.zoom === 'fit') zoom.transform(t, d3.zoomIdentity);
    });

    // Control dots grow a little when zoomed in (up to twice their size), event points keep theirs.
    function controlR() {
      return (CONTROL_R * Math.min(2, Math.sqrt(k))) / k;
    }

    function rescale() {
      gEvents.selectAll('circle.event-point').attr('r', (d) => d.__r / k);
      gControl.selectAll('circle.control-place').attr('r', controlR());
      gLabels.selectAll('text').attr('font-size', (d) => (d && d.__fs ? d.__fs : 11) / k);
      gPlaceLabels.selectAll('text')
        .attr('font-size', 11 / k)
        .attr('dx', 7 / k)
        .attr('dy', 3.5 / k);
    }

    /**
     * Draws the base layers of `box` ([[west, south], [east, north]]): the countries in view, those
     * the events happened in (`focus`, lon/lat points) marked; the first-level regions where the
     * view lies over them and is not much wider; rivers and lakes.
     */
    function drawBase(geo, box, focus) {
      projection = d3.geoMercator()
        .fitExtent([[MAP_MARGIN, MAP_MARGIN], [MAP_W - MAP_MARGIN, MAP_H - MAP_MARGIN]], boxGeometry(box))
        .clipExtent([[-2, -2], [MAP_W + 2, MAP_H + 2]]);
      path = d3.geoPath(projection);
      const sw = projection.invert([0, MAP_H]);
      const ne = projection.invert([MAP_W, 0]);
      // A frame wider than the world wraps round: then it shows every longitude.
      const wraps = sw[0] >= ne[0];
      const visible = [[wraps ? -180 : sw[0], Math.max(-89, sw[1])], [wraps ? 180 : ne[0], Math.min(89, ne[1])]];
      section.dataset.view = visible.flat().map((v) => v.toFixed(2)).join(',');
      const contains = (f, p) => boxContains(f.__bounds || d3.geoBounds(f), p) && d3.geoContains(f, p);
      const isFocus = (f) => focus.some((p) => contains(f, p));

      const countries = geo.countries.features.filter((f) => boxesMeet(f.__bounds, visible));
      const focusCountries = countries.filter(isFocus);
      gCountries.selectAll('path').data(countries).join('path')
        .attr('class', (f) => `country${focusCountries.includes(f) ? ' focus' : ''}`)
        .attr('data-name', (f) => (f.properties && f.properties.name) || '')
        .attr('d', path)
        .append('title').text((f) => (f.properties && f.properties.name) || '');
      gOutline.selectAll('path').data(focusCountries).join('path').attr('class', 'focus-outline').attr('d', path);

      // The regions layer (Syria's governorates) where the view lies over it and is at most a few
      // times as wide.
      const rb = geo.regionBounds;
      const regionsShown = boxesMeet(rb, visible)
        && (visible[1][0] - visible[0][0]) <= 4 * Math.max(1, rb[1][0] - rb[0][0]);
      const regions = regionsShown ? geo.regions.features || [] : [];
      for (const f of regions) f.__bounds = f.__bounds || d3.geoBounds(f);
      gRegions.selectAll('path').data(regions).join('path')
        .attr('class', (f) => `governorate${isFocus(f) ? ' focus' : ''}`)
        .attr('d', path)
        .append('title').text((f) => (f.properties && f.properties.shapeName) || '');
      attribution.textContent = regionsShown ? `${ATTRIBUTION_WORLD}; ${ATTRIBUTION_REGIONS}` : ATTRIBUTION_WORLD;
      section.dataset.regions = regionsShown ? '1' : '';

      // Rivers and lakes (of the Middle East only) at a region's scale, not over a continent.
      const detail = visible[1][0] - visible[0][0] <= DETAIL_SPAN;
      gLakes.selectAll('path').data(detail ? geo.lakes.features || [] : []).join('path')
        .attr('class', 'lake').attr('d', path)
        .append('title').text((f) => (f.properties && f.properties.name) || '');
      gRivers.selectAll('path').data(detail ? geo.rivers.features || [] : []).join('path')
        .attr('class', (f) => `river${Number((f.properties || {}).scalerank) <= 3 ? ' major' : ''}`)
        .attr('d', path)
        .append('title').text((f) => (f.properties && (f.properties.name_en || f.properties.name)) || '');

      // Labels: regions where they are wide enough; countries where their name fits in their
      // part of the frame, the largest first and none over another.
      const labels = [];
      for (const f of regions) {
        const b = path.bounds(f);
        const c = path.centroid(f);
        const name = (f.properties && f.properties.shapeName) || '';
        if (name && Number.isFinite(c[0]) && b[1][0] - b[0][0] >= 36) labels.push({ x: c[0], y: c[1], text: name, cls: 'gov-label', __fs: 9.5 });
      }
      const boxes = [];
      const byArea = countries.map((f) => ({ f, area: path.area(f) })).filter((d) => d.area > 1500).sort((a, b) => b.area - a.area);
      for (const { f } of byArea) {
        const name = String((f.properties && f.properties.name) || '').toUpperCase();
        const c = path.centroid(f);
        const b = path.bounds(f);
        const w = name.length * 8.6;
        if (!name || !Number.isFinite(c[0]) || b[1][0] - b[0][0] < w * 0.9 || b[1][1] - b[0][1] < 16) continue;
        if (c[0] - w / 2 < 4 || c[0] + w / 2 > MAP_W - 4 || c[1] < 14 || c[1] > MAP_H - 6) continue;
        const box = [c[0] - w / 2, c[1] - 10, c[0] + w / 2, c[1] + 4];
        if (boxes.some((o2) => box[0] < o2[2] && o2[0] < box[2] && box[1] < o2[3] && o2[1] < box[3])) continue;
        boxes.push(box);
        labels.push({ x: c[0], y: c[1], text: name, cls: 'country-label', __fs: 11 });
      }
      gLabels.selectAll('text').data(labels).join('text')
        .attr('class', (d) => d.cls).attr('x', (d) => d.x).attr('y', (d) => d.y)
        .attr('text-anchor', 'middle').attr('font-size', (d) => d.__fs / k)
        .text((d) => d.text);
    }
    // ---- event points

    async function loadPlaces() {
      const seq = ++st.placesSeq;
      if (st.placesAbort) st.placesAbort.abort();
      st.placesAbort = new AbortController();
      const signal = st.placesAbort.signal;
      ctx.signal.addEventListener('abort', () => st.placesAbort.abort(), { once: true });
      section.dataset.placesBusy = '1';
      try {
        // The page's own places (no filter of the form's) were fetched for the region already.
        const unfiltered = Object.values(filters.values()).every((v) => !v);
        const body = unfiltered ? { places: await viewPlaces } : await api('/api/events/places', filters.params(), signal);
        await baseDrawn;
        if (seq !== st.placesSeq || !projection) return;
        mapErrors.clear('places');
        st.lastPlaces = Array.isArray(body.places) ? body.places : [];
        drawPlaces(st.lastPlaces);
      } catch (err) {
        if (seq === st.placesSeq) mapErrors.set('places', err, 'Event places');
      } finally {
        if (seq === st.placesSeq) delete section.dataset.placesBusy;
      }
    }

    function drawPlaces(places) {
      const pts = places.filter((p) => Number.isFinite(p.longitude) && Number.isFinite(p.latitude) && p.count > 0);
      const max = d3.max(pts, (p) => p.count) || 1;
      const r = d3.scaleSqrt().domain([0, max]).range([0, max > 1 ? 16 : 6]);
      for (const p of pts) {
        const xy = projection([p.longitude, p.latitude]);
        p.__x = xy[0];
        p.__y = xy[1];
        p.__r = Math.max(3, r(p.count));
      }
      pts.sort((a, b) => b.count - a.count); // small ones on top
      gEvents.selectAll('circle.event-point')
        .data(pts, (p) => p.name)
        .join((enter) => enter.append('circle').attr('class', 'event-point').call((c) => c.append('title')))
        .attr('cx', (p) => p.__x)
        .attr('cy', (p) => p.__y)
        .attr('r', (p) => p.__r / k)
        .attr('data-name', (p) => p.name)
        .attr('data-count', (p) => p.count)
        .on('click', (ev, p) => showPlaceDetails(p))
        .select('title')
        .text((p) => `${p.name}: ${plural(p.count, 'event')}${p.kind ? ` (${p.kind})` : ''}`);
      st.labelPoints = pts;
      placeLabels();
    }

    // Names of the busiest places, skipping any that would overlap one already placed
    // (in screen pixels at the current zoom, so zooming in shows more names).
    function placeLabels() {
      const pts = st.labelPoints || [];
      const boxes = [];
      const chosen = [];
      for (const p of pts) {
        if (chosen.length >= 4 + Math.round(4 * Math.log2(k))) break;
        const x = p.__x * k;
        const y = p.__y * k;
        const box = [x + 6, y - 8, x + 8 + 6.6 * p.name.length, y + 6];
        if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
        boxes.push(box);
        chosen.push(p);
      }
      gPlaceLabels.selectAll('text').data(chosen, (p) => p.name).join('text')
        .attr('x', (p) => p.__x).attr('y', (p) => p.__y)
        .attr('font-size', 11 / k).attr('dx', 7 / k).attr('dy', 3.5 / k)
        .text((p) => p.name);
    }

    // ---- control layer

    function setupControl(status, initial) {
      const firstDay = toDay(status.first_date, false);
      const lastDay = toDay(status.last_date, true);
      const firstMs = dayToMs(firstDay);
      const lastMs = dayToMs(lastDay);
      if (!Number.isFinite(firstMs) || !Number.isFinite(lastMs) || lastMs < firstMs) {
        slider.disabled = true;
        dateInput.disabled = true;
        play.disabled = true;
        controlNote.textContent = 'no dated events: nothing to show';
        return null;
      }
      first = firstMs;
      days = Math.round((lastMs - firstMs) / DAY_MS);
      slider.max = String(days);
      dateInput.min = firstDay;
      dateInput.max = lastDay;
      let start = dayToMs(toDay(initial, true));
      if (!Number.isFinite(start)) start = lastMs;
      start = Math.min(lastMs, Math.max(firstMs, start));
      const at = fmtDay(start);
      setDate(at);
      return at;
    }

    function setDate(at) {
      current = at;
      const idx = Math.round((dayToMs(at) - first) / DAY_MS);
      slider.value = String(idx);
      output.textContent = at;
      output.value = at;
      if (dateInput.value !== at) dateInput.value = at;
    }

    const scheduleControl = debounce((at) => loadControl(at), 150);

    slider.addEventListener('input', () => {
      const at = fmtDay(first + Number(slider.value) * DAY_MS);
      setDate(at);
      scheduleControl(at);
    });
    const onDateInput = () => {
      const ms = dayToMs(dateInput.value);
      if (!Number.isFinite(ms)) return; // incomplete while typing
      const clamped = Math.min(first + days * DAY_MS, Math.max(first, ms));
      const at = fmtDay(clamped);
      if (at === current && section.dataset.controlAt === at) return;
      setDate(at);
      scheduleControl(at);
    };
    dateInput.addEventListener('input', onDateInput);
    dateInput.addEventListener('change', onDateInput);
    play.addEventListener('click', () => togglePlay());
    ctx.signal.addEventListener('abort', () => stopPlay(), { once: true });

    function togglePlay() {
      if (st.playTimer) { stopPlay(); return; }
      if (Number(slider.value) >= days) setDate(fmtDay(first));
      play.textContent = '❚❚';
      play.title = 'Pause';
      const tick = async () => {
        const next = Math.min(days, Number(slider.value) + Math.max(7, Math.round(days / 120)));
        const at = fmtDay(first + next * DAY_MS);
        setDate(at);
        await loadControl(at);
        if (!st.playTimer) return;
        if (next >= days) { stopPlay(); return; }
        st.playTimer = setTimeout(tick, 250);
      };
      st.playTimer = setTimeout(tick, 0);
    }

    function stopPlay() {
      clearTimeout(st.playTimer);
      st.playTimer = null;
      play.textContent = '▶';
      play.title = 'Play through time';
    }

    async function loadControl(at) {
      scheduleControl.cancel();
      const seq = ++st.controlSeq;
      if (st.controlAbort) st.controlAbort.abort();
      st.controlAbort = new AbortController();
      const signal = st.controlAbort.signal;
      ctx.signal.addEventListener('abort', () => st.controlAbort.abort(), { once: true });
      section.dataset.controlBusy = '1';
      try {
        const fc = await api('/api/control/map', { at }, signal);
        await baseDrawn;
        if (seq !== st.controlSeq || !projection) return;
        mapErrors.clear('control');
        drawControl(fc);
        const n = (fc.features || []).length;
        controlNote.textContent = n ? `${plural(n, 'place')} with a known holder` : 'no place has a known holder on this day';
        section.dataset.controlAt = at;
      } catch (err) {
        if (seq === st.controlSeq) {
          mapErrors.set('control', err, `Control on ${at}`);
          stopPlay();
        }
      } finally {
        if (seq === st.controlSeq) delete section.dataset.controlBusy;
      }
    }

    function featurePoint(f) {
      const g = f.geometry;
      if (!g) return null;
      const lonlat = g.type === 'Point' ? g.coordinates : d3.geoCentroid(f);
      if (!lonlat || !Number.isFinite(lonlat[0]) || !Number.isFinite(lonlat[1])) return null;
      return projection(lonlat);
    }

    function drawControl(fc) {
      const feats = [];
      for (const f of fc.features || []) {
        const xy = featurePoint(f);
        if (!xy) continue;
        const p = f.properties || {};
        feats.push({ x: xy[0], y: xy[1], p, key: p.place || `${xy[0]},${xy[1]}` });
      }
      gControl.selectAll('circle.control-place')
        .data(feats, (d) => d.key)
        .join((enter) => enter.append('circle').attr('class', 'control-place').call((c) => c.append('title')))
        .attr('cx', (d) => d.x)
        .attr('cy', (d) => d.y)
        .attr('r', controlR())
        .attr('data-place', (d) => d.p.place || '')
        .attr('data-bloc', (d) => d.p.controller_bloc || '')
        .attr('fill', (d) => blocColour(d.p.controller_bloc))
        .classed('contested', (d) => !!d.p.contested)
        .attr('stroke-dasharray', (d) => (d.p.contested ? '2 1.5' : null))
        .on('click', (ev, d) => showControlDetails(d.p.place))
        .select('title')
        .text((d) => controlTooltip(d.p));
    }

    function controlTooltip(p) {
      const lines = [p.place || '(unnamed place)'];
      lines.push(p.controller ? `Held by ${p.controller} (${blocLabel(p.controller_bloc)})` : 'Holder unknown');
      if (p.since) lines.push(`since ${p.since}`);
      if (p.contested) lines.push('contested');
      return lines.join('\n');
    }

    // ---- details panel under the map

    let detailSeq = 0;
    function openDetails(title) {
      detailSeq += 1;
      details.hidden = false;
      const close = el('button', { type: 'button', class: 'details-close', title: 'Close', 'aria-label': 'Close', text: '×' });
      close.addEventListener('click', () => { details.hidden = true; detailSeq += 1; });
      const body = el('div', { class: 'details-body' });
      details.replaceChildren(el('div', { class: 'details-head' }, el('h3', { text: title }), close), body);
      return { seq: detailSeq, body };
    }

    function placeFilterButton(name) {
      return el('button', {
        type: 'button',
        class: 'link-button',
        text: `Show the events at ${name} in the timeline`,
        onclick: () => filters.set({ place: name }),
      });
    }

    function showPlaceDetails(p) {
      const { body } = openDetails(p.name);
      append(body, [
        el('p', { text: `${plural(p.count, 'event')}${p.kind ? ` · ${p.kind}` : ''} · ${p.latitude.toFixed(3)}, ${p.longitude.toFixed(3)}` }),
        placeFilterButton(p.name),
      ]);
      const inControl = gControl.selectAll('circle.control-place').filter((d) => d.p.place === p.name);
      if (!inControl.empty()) {
        body.appendChild(el('button', {
          type: 'button', class: 'link-button', text: `Who held ${p.name} on ${current}?`,
          onclick: () => showControlDetails(p.name),
        }));
      }
    }

    async function showControlDetails(place) {
      const at = current;
      const { seq, body } = openDetails(place);
      body.appendChild(el('p', { class: 'muted', text: 'Loading…' }));
      try {
        const res = await api('/api/control', { place, at }, ctx.signal);
        if (seq !== detailSeq) return;
        body.replaceChildren();
        const holder = res.controller
          ? el('p', {}, `On ${res.at || at}: held by `, el('strong', { text: res.controller }), ' ', blocChip(res.controller_bloc),
            res.since ? ` since ${res.since}` : '', res.contested ? ' (contested)' : '')
          : el('p', { text: `On ${res.at || at}: holder unknown${res.contested ? ' (contested)' : ''}` });
        body.appendChild(holder);
        if (Array.isArray(res.conflicting) && res.conflicting.length) {
          body.appendChild(el('p', { class: 'muted', text: `Other documents disagree: ${res.conflicting.map((c) => (typeof c === 'string' ? c : c.controller || JSON.stringify(c))).join('; ')}` }));
        }
        const ev = Array.isArray(res.evidence) ? res.evidence : [];
        if (ev.length) {
          body.appendChild(el('h4', { text: 'Evidence' }));
          body.appendChild(el('ul', { class: 'evidence-list' }, ev.map(evidenceItem)));
        }
        body.appendChild(placeFilterButton(place));
      } catch (err) {
        if (seq !== detailSeq) return;
        body.replaceChildren();
        showError(body, err, `Control of ${place}`);
      }
    }

    filters.on(() => loadPlaces());

    // The base layers, the event points and the control layer are fetched at the same time;
    // the base layers are drawn once the places of the page's events (which decide the region
    // shown) are there too, and points once the base layers (and so the projection) are.
    const viewPlaces = api('/api/events/places', filters.base, ctx.signal)
      .then((body) => (Array.isArray(body.places) ? body.places : []))
      .catch((err) => {
        if (!isAbort(err)) mapErrors.set('view', err, 'Event places');
        return [];
      });
    const baseDrawn = Promise.all([getGeo(), viewPlaces]).then(([geo, places]) => {
      if (!ctx.alive()) return;
      const { box, focus } = viewRegion(places, o.location, theatres, geo);
      drawBase(geo, box, focus);
    });
    const ready = Promise.all([
      baseDrawn.catch((err) => mapErrors.set('base', err, 'Base map')),
      loadPlaces(),
      getStatus().then((status) => {
        const at = setupControl(status, o.initialDate);
        return at ? loadControl(at) : null;
      }).catch((err) => mapErrors.set('dates', err, 'Map dates')),
    ]);

    return { node: section, ready, places: viewPlaces };
  }

  function evidenceItem(ev) {
    const src = { document: ev.document, span: ev.span, text: ev.text };
    return el('li', {},
      ev.date ? el('time', { class: 'muted', text: `${ev.date} ` }) : null,
      el('span', { text: truncate(ev.text, 240) }), ' ',
      evidenceLink(src));
  }

  function evidenceLink(src) {
    const a = el('a', {
      class: 'evidence-link',
      href: sourceHref(src),
      title: `Open ${src.document || 'the source'} at this sentence`,
      text: 'source ›',
    });
    a.addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
      ev.preventDefault();
      openSource(src);
    });
    return a;
  }

  // ---------------------------------------------------------------------------
  // Pages

  const main = () => document.getElementById('main');

  /**
   * What the database holds, in a few words: the war(s) its conflicts belong to when one or two
   * wars hold most of them ("Syrian civil war", "Second World War and 2 other conflicts"), else
   * how many conflicts over which years ("24 conflicts, 1618–1945").
   */
  function databaseTitle(s) {
    const n = Number(s.conflicts) || 0;
    if (!n) return Number(s.documents) ? plural(Number(s.documents), 'document') : 'No conflicts yet';
    const theatres = Array.isArray(s.theatres) ? s.theatres : [];
    const wars = theatres.filter((t) => !t.own && t.name).slice(0, 2);
    const inWars = d3.sum(wars, (t) => Number(t.conflicts) || 0);
    if (wars.length && inWars * 2 >= n) {
      const names = wars.map((t) => t.name).join(' and ');
      return inWars >= n ? names : `${names} and ${plural(n - inWars, 'other conflict')}`;
    }
    const years = [s.first_date, s.last_date].map((d) => String(d || '').slice(0, 4)).filter((y) => /^\d{4}$/.test(y));
    const span = years.length ? (years[0] === years[years.length - 1] ? years[0] : `${years[0]}–${years[years.length - 1]}`) : '';
    return `${plural(n, 'conflict')}${span ? `, ${span}` : ''}`;
  }

  async function renderHome(ctx) {
    const root = main();
    const statusLine = el('p', { class: 'status-line muted', text: '' });
    const heading = el('h1', { id: 'home-title', text: 'annals' });
    const conflicts = el('section', { id: 'conflicts', class: 'panel' },
      el('h2', { text: 'Conflicts' }), el('p', { class: 'muted', text: 'Loading…' }));
    const filters = createFilters({});
    let status = null;
    try {
      status = await getStatus();
    } catch (err) {
      showError(root, err, 'Status');
    }
    if (!ctx.alive()) return;
    const timeline = buildTimeline(ctx, filters, {});
    const map = buildMap(ctx, filters, { initialDate: null, theatres: status ? status.theatres : [], subject: 'every conflict' });
    append(root, [
      el('div', { class: 'page-head' }, heading, statusLine),
      conflicts,
      el('div', { class: 'two-col' }, timeline.node, map.node),
    ]);
    if (status) {
      const title = databaseTitle(status);
      heading.textContent = title;
      document.title = `${title} — annals`;
      statusLine.textContent = `${plural(status.documents, 'document')} · ${plural(status.conflicts, 'conflict')} · ${plural(status.events, 'event')}`
        + (status.first_date ? ` · ${dateRange(status.first_date, status.last_date)}` : '');
    }
    const conflictsDone = getConflicts()
      .then((list) => {
        if (!ctx.alive()) return;
        renderConflictTable(conflicts, list);
        const busiest = [...list].sort((a, b) => count(b.events) - count(a.events))[0];
        const side = busiest && (busiest.sides || []).find((x) => (x.belligerents || []).length);
        timeline.setExamples({ actor: side ? side.belligerents[0] : '' });
      })
      .catch((err) => { conflicts.replaceChildren(el('h2', { text: 'Conflicts' })); showError(conflicts, err, 'Conflicts'); });
    map.places.then((places) => timeline.setExamples({ place: places.length ? places[0].name : '' }));
    await Promise.all([conflictsDone, timeline.load(), map.ready]);
  }

  const count = (v) => (Array.isArray(v) ? v.length : Number(v) || 0);

  function renderConflictTable(section, list) {
    const rows = [...list].sort((a, b) => d3.ascending(a.start || '', b.start || ''));
    const table = el('table', { class: 'conflict-table' },
      el('thead', {}, el('tr', {},
        ['Conflict', 'Dates', 'Sides', 'Documents', 'Disagreements', 'Events'].map((h, i) =>
          el('th', { scope: 'col', class: i >= 3 ? 'num' : null, text: h })))),
      el('tbody', {}, rows.map((c) => el('tr', { 'data-id': c.id },
        el('td', {}, el('a', { class: 'conflict-link', href: `#/conflict/${encodeURIComponent(c.id)}`, text: c.title || c.id })),
        el('td', { class: 'dates', title: c.date || '', text: dateRange(c.start, c.end) || c.date || '' }),
        el('td', { class: 'sides' }, (c.sides || []).map((s, i) => el('span', {
          class: 'side-summary', title: (s.belligerents || []).join(', '),
        }, sideChip(s, i)))),
        el('td', { class: 'num', title: (c.documents || []).join('\n'), text: (c.documents || []).length }),
        el('td', { class: 'num', text: count(c.disagreements) }),
        el('td', { class: 'num', text: count(c.events) })))));
    section.replaceChildren(el('h2', { text: 'Conflicts' }),
      rows.length ? el('div', { class: 'table-scroll' }, table) : el('p', { class: 'muted', text: 'No conflict has been ingested yet.' }));
  }

  async function renderConflict(ctx, id) {
    const root = main();
    root.appendChild(el('p', { class: 'muted', text: 'Loading…' }));
    // The conflicts list gives event/search pages their titles; load it alongside.
    getConflicts().catch((err) => showError(root, err, 'Conflicts'));
    const c = await api(`/api/conflicts/${encodeURIComponent(id)}`, null, ctx.signal);
    if (!ctx.alive()) return;
    root.replaceChildren();
    document.title = `${c.title || id} — annals`;
    const allDocs = Array.isArray(c.documents) ? c.documents : [];
    const theatre = c.theatre && typeof c.theatre === 'object' ? c.theatre : null;
    if (theatre) learnTheatres([theatre]); // its colours are known already unless the database changed

    const facts = el('dl', { class: 'facts' });
    const fact = (label, value) => {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
      const shown = value instanceof Node || typeof value === 'string' ? value : JSON.stringify(value);
      append(facts, [el('dt', { text: label }), el('dd', {}, shown)]);
    };
    fact('Date', c.date ? c.date.replace(/,\s*\(\s*\)\s*$/, '') : '');
    fact('Period', dateRange(c.start, c.end));
    fact('Place', c.place);
    fact('Result', c.result);
    fact('Part of', Array.isArray(c.part_of) ? c.part_of.join(' › ') : c.part_of);
    fact('War', theatre && !theatre.own ? theatre.name : '');
    fact('Status', c.status);
    fact('Territory', c.territory);
    fact('Events', c.events !== undefined ? String(count(c.events)) : '');
    fact('Documents', allDocs.length ? el('span', { class: 'doc-list' }, allDocs.map((d) =>
      el('span', { class: 'doc-item' }, el('span', { class: 'doc-badge', title: d, text: docLabel(d) }), ' ', el('span', { class: 'muted', text: d })))) : '');

    const filters = createFilters({ conflict: c.id || id });
    const timeline = buildTimeline(ctx, filters, { scope: 'this conflict' });
    const map = buildMap(ctx, filters, {
      initialDate: c.end || c.start,
      theatres: theatre ? [theatre] : [],
      location: c.location,
      subject: c.title || id,
    });
    const firstSide = (c.sides || []).find((x) => (x.belligerents || []).length);
    timeline.setExamples({ actor: firstSide ? firstSide.belligerents[0] : '' });
    map.places.then((places) => timeline.setExamples({ place: places.length ? places[0].name : '' }));

    append(root, [
      el('p', { class: 'breadcrumb' }, el('a', { href: '#/', text: '← All conflicts' })),
      el('h1', { id: 'conflict-title', text: c.title || id }),
      facts,
      renderSides(c, allDocs),
      renderDisagreements(c),
      renderControlClaims(c),
      el('div', { class: 'two-col' }, timeline.node, map.node),
    ]);
    await Promise.all([timeline.load(), map.ready]);
  }

  function renderSides(c, allDocs) {
    const sides = Array.isArray(c.sides) ? c.sides : [];
    const section = el('section', { id: 'sides-section', class: 'panel' }, el('h2', { text: 'Sides' }));
    if (!sides.length) {
      section.appendChild(el('p', { class: 'muted', text: 'The documents name no sides.' }));
      section.appendChild(el('table', { id: 'sides' }));
      return section;
    }
    section.appendChild(el('p', { class: 'legend-note muted' },
      'Badges name the documents that give each value; ',
      el('span', { class: 'partial-sample', text: 'values like this' }),
      allDocs.length > 1 ? ` are not in all ${allDocs.length} documents.` : ' are not in every document.'));

    const docsOf = (pairs, name) => {
      const hit = (Array.isArray(pairs) ? pairs : []).find((p) => p.name === name);
      return hit ? hit.documents : null;
    };
    const valueItem = (content, documents) => {
      const partial = documents ? isPartial(documents, allDocs) : false;
      return el('li', {
        class: partial ? 'value partial' : 'value',
        title: partial ? `Only in ${documents.join(', ')}` : null,
      }, el('span', { class: 'value-text' }, content), documents ? docBadges(documents) : null);
    };
    const list = (items) => (items.length ? el('ul', { class: 'values' }, items) : el('span', { class: 'muted', text: '—' }));

    const rows = [
      ['Belligerents', (s) => (s.belligerents || []).map((b) => valueItem(b, docsOf(s.belligerent_documents, b)))],
      ['Supported by', (s) => (s.supported_by || []).map((b) => valueItem(b, docsOf(s.supported_by_documents, b)))],
      ['Commanders', (s) => (s.commanders || []).map((cm) => valueItem(commander(cm), cm.documents))],
      ['Strength', (s) => (s.strength || []).map((cl) => valueItem(cl.text, cl.documents))],
      ['Casualties', (s) => (s.casualties || []).map((cl) => valueItem(cl.text, cl.documents))],
    ];
    const table = el('table', { id: 'sides', class: 'sides-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', class: 'row-head' }),
        sides.map((s, i) => el('th', {
          scope: 'col', class: 'side', 'data-bloc': s.bloc || '', 'data-side': i + 1,
          style: `border-top-color:${blocColour(s.bloc)}`,
        },
        el('div', { class: 'side-head' }, sideChip(s, i), el('span', { class: 'muted', text: ` side ${i + 1}` })),
        el('div', { class: 'side-name', text: sideNames(s) }))))),
      el('tbody', {}, rows.map(([label, cells]) => el('tr', { 'data-row': label },
        el('th', { scope: 'row', class: 'row-head', text: label }),
        sides.map((s) => el('td', {}, list(cells(s))))))));
    section.appendChild(el('div', { class: 'table-scroll' }, table));

    const other = Array.isArray(c.other_casualties) ? c.other_casualties : [];
    if (other.length) {
      section.appendChild(el('h3', { text: 'Other casualties' }));
      section.appendChild(list(other.map((cl) => valueItem(cl.text, cl.documents))));
    }
    return section;
  }

  /** A side's belligerents in a line: the first two and how many more. */
  function sideNames(s) {
    const names = (s.belligerents || []).length ? s.belligerents : (s.supported_by || []);
    if (!names.length) return '(unnamed)';
    const shown = names.slice(0, 2).join(', ');
    return names.length > 2 ? `${shown} and ${names.length - 2} more` : shown;
  }

  function commander(cm) {
    const parts = [];
    if (cm.rank) parts.push(el('span', { class: 'muted', text: `${cm.rank} ` }));
    parts.push(el('span', { class: 'person', text: cm.name || '' }));
    if (cm.killed) parts.push(el('span', { class: 'kia', title: 'killed', text: ' †' }));
    if (cm.flag) parts.push(el('span', { class: 'flag muted', text: ` [${cm.flag}]` }));
    if (cm.role) parts.push(el('span', { class: 'role muted', text: ` (${cm.role})` }));
    if (Array.isArray(cm.other_names) && cm.other_names.length) {
      parts.push(el('span', { class: 'aka muted', text: ` also ${cm.other_names.join(', ')}` }));
    }
    return parts;
  }

  function renderDisagreements(c) {
    const list = Array.isArray(c.disagreements) ? c.disagreements : [];
    const section = el('section', { id: 'disagreements', class: 'panel' },
      el('h2', { text: `Disagreements (${list.length})` }));
    if (!list.length) {
      section.appendChild(el('p', { class: 'muted', text: 'The documents agree on every field they share.' }));
      return section;
    }
    section.appendChild(el('ul', { class: 'disagreement-list' }, list.map((d) => el('li', { class: 'disagreement' },
      el('div', { class: 'field', text: d.field || '' }),
      el('ul', { class: 'values' }, (d.values || []).map((v) => el('li', { class: 'value' },
        el('span', { class: 'value-text', text: typeof v.value === 'string' ? v.value : JSON.stringify(v.value) }),
        docBadges(v.documents))))))));
    return section;
  }

  function renderControlClaims(c) {
    const claims = Array.isArray(c.control) ? c.control : [];
    const section = el('section', { id: 'control-claims', class: 'panel' },
      el('h2', { text: `Control claims (${claims.length})` }));
    if (!claims.length) {
      section.appendChild(el('p', { class: 'muted', text: 'The documents say nothing about who took or lost a place.' }));
      return section;
    }
    const table = el('table', { class: 'claims-table' },
      el('thead', {}, el('tr', {}, ['Place', 'Change', 'When', 'Controller', 'Bloc', 'Evidence'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, claims.map((cl) => {
        const ev = cl.evidence || {};
        return el('tr', { class: 'control-claim', 'data-place': cl.place || '' },
          el('td', { class: 'place', text: `${cl.place || ''}${cl.whole === false ? ' (part)' : ''}` }),
          el('td', {}, el('span', { class: `change change-${cl.change || ''}`, text: cl.change || '' })),
          el('td', { class: 'dates', text: dateRange(cl.first, cl.last) }),
          el('td', { text: cl.controller || '—' }),
          el('td', {}, blocChip(cl.bloc)),
          el('td', { class: 'evidence' },
            el('span', { class: 'evidence-text', text: truncate(ev.text, 220) }), ' ',
            ev.document ? evidenceLink({ document: ev.document, span: ev.span, text: ev.text }) : null,
            ev.document ? docBadges([ev.document]) : null));
      })));
    section.appendChild(el('div', { class: 'table-scroll' }, table));
    return section;
  }

  async function renderSearch(ctx, q) {
    const root = main();
    const query = (q || '').trim();
    document.getElementById('search').value = query;
    const summary = el('p', { id: 'search-summary', class: 'muted', text: query ? 'Searching…' : 'Type words to search in the event sentences.' });
    const results = el('ol', { id: 'search-results', class: 'search-results' });
    const section = el('section', { id: 'search-page', class: 'panel' },
      el('h1', { text: query ? `Search: ${query}` : 'Search' }), summary, results);
    root.appendChild(section);
    if (!query) return;
    let body;
    try {
      [body] = await Promise.all([api('/api/search', { q: query, limit: 50 }, ctx.signal), getConflicts().catch(() => null)]);
    } catch (err) {
      summary.textContent = '';
      showError(section, err, 'Search');
      return;
    }
    if (!ctx.alive()) return;
    const list = Array.isArray(body.results) ? body.results : [];
    const total = Number(body.total) || list.length;
    summary.textContent = `${plural(total, 'result')} for “${query}”${total > list.length ? ` (the first ${list.length} shown)` : ''}`;
    results.replaceChildren(...list.map((r) => {
      const li = el('li', { class: 'search-result', tabindex: '0', 'data-id': r.id, 'data-type': r.event_type || '', title: 'Open the source' });
      const cid = conflictId(r.conflict);
      const meta = el('div', { class: 'event-meta' },
        el('time', { class: 'event-date', text: r.date || '' }),
        r.event_type ? el('span', { class: 'event-sub', style: `border-color:${typeColour(r.event_type)}`, text: r.event_type }) : null,
        r.location ? el('span', { class: 'event-place', text: r.location }) : null,
        r.conflict ? (cid
          ? el('a', { class: 'result-conflict', href: `#/conflict/${encodeURIComponent(cid)}`, text: conflictTitle(r.conflict) })
          : el('span', { class: 'result-conflict muted', text: conflictTitle(r.conflict) })) : null,
        docBadges([r.document]));
      const parts = Array.isArray(r.snippet_parts) && r.snippet_parts.length ? r.snippet_parts : [{ text: r.text || '', hit: false }];
      const snippet = el('p', { class: 'snippet' }, parts.map((p) => (p.hit ? el('mark', { text: p.text }) : String(p.text || ''))));
      append(li, [meta, snippet]);
      const open = () => openSource({ document: r.document, span: r.span, text: r.text });
      li.addEventListener('click', (ev) => {
        if (ev.target instanceof Element && ev.target.closest('a')) return;
        open();
      });
      li.addEventListener('keydown', (ev) => {
        if ((ev.key === 'Enter' || ev.key === ' ') && ev.target === li) { ev.preventDefault(); open(); }
      });
      return li;
    }));
    if (!list.length) results.appendChild(el('li', { class: 'empty muted', text: 'Nothing found.' }));
  }

  function renderNotFound(path) {
    const root = main();
    root.appendChild(el('section', { class: 'panel' },
      el('h1', { text: 'Not found' }),
      el('div', { class: 'error', role: 'alert', text: `There is no page at #${path}.` }),
      el('p', {}, el('a', { href: '#/', text: 'Go to the home page' }))));
  }

  // ---------------------------------------------------------------------------
  // Router

  let routeGen = 0;
  let routeAbort = null;

  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const qi = raw.indexOf('?');
    const path = qi >= 0 ? raw.slice(0, qi) : raw;
    const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
    return { path: path || '/', params };
  }

  async function route() {
    const gen = ++routeGen;
    if (routeAbort) routeAbort.abort();
    routeAbort = new AbortController();
    const ctx = { signal: routeAbort.signal, alive: () => gen === routeGen };
    document.body.dataset.ready = '';
    closeViewer();
    document.getElementById('app-errors').replaceChildren();
    main().replaceChildren();
    window.scrollTo(0, 0);
    document.title = 'annals';
    const { path, params } = parseHash();
    document.body.dataset.page = '';
    try {
      // Every page colours blocs; their colours come from the theatres the database holds.
      await cached('bloc-colours', () => getStatus().then((s) => learnTheatres(s.theatres)))
        .catch(() => null); // the page that needs the status says why it failed
      if (!ctx.alive()) return;
      let m;
      if (path === '/' || path === '') {
        document.body.dataset.page = 'home';
        document.getElementById('search').value = '';
        await renderHome(ctx);
      } else if ((m = /^\/conflict\/(.+)$/.exec(path))) {
        document.body.dataset.page = 'conflict';
        let id = m[1];
        try { id = decodeURIComponent(id); } catch (_) { /* keep it as written */ }
        await renderConflict(ctx, id);
      } else if (path === '/search') {
        document.body.dataset.page = 'search';
        await renderSearch(ctx, params.get('q'));
      } else {
        renderNotFound(path);
      }
    } catch (err) {
      if (ctx.alive()) {
        main().replaceChildren();
        showError(main(), err, 'This page could not be shown');
        main().appendChild(el('p', {}, el('a', { href: '#/', text: 'Go to the home page' })));
      }
    }
    if (ctx.alive()) document.body.dataset.ready = '1';
  }

  function init() {
    initViewer();
    document.getElementById('search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const q = document.getElementById('search').value.trim();
      const target = `#/search?q=${encodeURIComponent(q)}`;
      if (location.hash === target) route();
      else location.hash = target;
    });
    window.addEventListener('hashchange', route);
    if (typeof d3 === 'undefined') {
      showError(null, new Error('/assets/d3.min.js did not load'), 'Start-up');
      document.body.dataset.ready = '1';
      return;
    }
    route();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
