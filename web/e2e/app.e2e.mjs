#!/usr/bin/env node
// End-to-end check of the annals web front-end in a real (headless) Chromium.
//
//   BASE_URL=http://127.0.0.1:PORT ARTIFACT_DIR=/tmp/e2e node web/e2e/app.e2e.mjs
//
// BASE_URL      a running `annals serve` that has ingested the five Deir ez-Zor seed articles (the
//               checks of the home title, the legend and the sides' blocs hold for any database)
// ARTIFACT_DIR  where screenshots go (default: a new temporary directory)
// CHROMIUM      the browser binary (default /usr/bin/chromium)
//
// Prints {"ready_ms": N} (navigation start to body[data-ready="1"] on the home page) and, when every
// check passed, {"ok": true} on stdout; progress goes to stderr. On the first failed check it saves
// failure.png in ARTIFACT_DIR, prints what was wrong and exits with status 1.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACT_DIR = process.env.ARTIFACT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'annals-e2e-artifacts-'));
const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);
const TOTAL_MS = Number(process.env.E2E_TOTAL_MS || 180000);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

class CheckFailed extends Error {}

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();
const firstNumber = (s) => {
  const m = /\d[\d,]*/.exec(String(s || ''));
  return m ? Number(m[0].replace(/,/g, '')) : NaN;
};

let context = null;
let page = null;
let userDataDir = null;
let currentStep = 'start';
const pageErrors = [];

async function cleanup() {
  if (context) await context.close().catch(() => {});
  context = null;
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  userDataDir = null;
}

async function fail(err) {
  const message = err instanceof CheckFailed ? err.message : (err && err.stack) || String(err);
  process.stderr.write(`\n[e2e] FAILED at step "${currentStep}": ${message}\n`);
  if (page) {
    const shot = path.join(ARTIFACT_DIR, 'failure.png');
    try {
      await page.screenshot({ path: shot, fullPage: true, timeout: 10000 });
      process.stderr.write(`[e2e] screenshot: ${shot}\n`);
    } catch (e) {
      process.stderr.write(`[e2e] could not save ${shot}: ${e.message}\n`);
    }
    try {
      process.stderr.write(`[e2e] page URL: ${page.url()}\n`);
    } catch (_) { /* page gone */ }
  }
  if (pageErrors.length) process.stderr.write(`[e2e] uncaught page errors:\n  ${pageErrors.join('\n  ')}\n`);
  process.stdout.write(`${JSON.stringify({ ok: false, step: currentStep, error: String(err && err.message ? err.message : err) })}\n`);
  await cleanup();
  process.exit(1);
}

async function step(name, fn) {
  currentStep = name;
  log(`${name} …`);
  const t0 = Date.now();
  await fn();
  check(!pageErrors.length, `uncaught error in the page: ${pageErrors[0]}`);
  log(`${name}: ok (${Date.now() - t0} ms)`);
}

/** Waits for a predicate in the page, failing with `message` (not a bare timeout) if it never holds. */
async function waitFor(message, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: WAIT_MS, polling: 50 });
  } catch (err) {
    throw new CheckFailed(`${message} (waited ${WAIT_MS} ms)`);
  }
}

/** Fails when the page shows an error box. */
async function noVisibleErrors(where) {
  const errors = await page.$$eval('.error', (els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
  check(!errors.length, `${where} shows an error: ${errors.join(' | ')}`);
}

async function count(selector) {
  return page.locator(selector).count();
}

async function main() {
  if (!BASE_URL) {
    process.stderr.write('usage: BASE_URL=http://127.0.0.1:PORT [ARTIFACT_DIR=dir] [CHROMIUM=path] node app.e2e.mjs\n');
    process.exit(2);
  }
  check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (set CHROMIUM, or apt-get install chromium)`);
  fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annals-e2e-profile-'));
  const watchdog = setTimeout(() => fail(new CheckFailed(`the whole run took over ${TOTAL_MS} ms`)), TOTAL_MS);
  watchdog.unref();

  currentStep = 'launch';
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') log(`console error: ${msg.text()}`);
  });
  // Record the moment the app first says it is ready, relative to navigation start.
  await page.addInitScript(() => {
    const seen = () => {
      if (!window.__annalsReadyAt && document.body && document.body.dataset.ready === '1') {
        window.__annalsReadyAt = performance.now();
      }
    };
    new MutationObserver(seen).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });

  // 1. Home page
  await step('home page loads', async () => {
    const res = await page.goto(`${BASE_URL}/#/`, { waitUntil: 'commit' });
    check(res && res.ok(), `GET ${BASE_URL}/ answered ${res ? res.status() : 'nothing'}`);
    await waitFor('the home page never set body[data-ready="1"]', () => document.body && document.body.dataset.ready === '1');
    const readyMs = await page.evaluate(() => window.__annalsReadyAt);
    check(Number.isFinite(readyMs), 'could not measure the time to ready');
    process.stdout.write(`${JSON.stringify({ ready_ms: Math.round(readyMs) })}\n`);
    await noVisibleErrors('the home page');
    check(await count('#conflicts a.conflict-link') >= 1, 'no a.conflict-link in #conflicts');
    check(await count('#map svg path.country') >= 1, 'the map has no country outlines (path.country)');
    check(await count('#map svg path.governorate') >= 1, 'the map has no governorates (path.governorate)');
    check(await count('#map svg path.river') >= 1, 'the map has no rivers (path.river)');
    check(await count('#map circle.event-point') >= 1, 'the map has no circle.event-point');
    check(await count('#event-list li.event') >= 1, 'the timeline lists no li.event');
    check(await count('#timeline-chart rect') >= 1, 'the timeline chart has no bars');
  });

  // 1b. The home page is about what the database holds, not about one place
  await step('home title and legend follow the database', async () => {
    const status = await page.evaluate(() => fetch('/api/status').then((r) => r.json()));
    const heading = norm(await page.textContent('#home-title'));
    const title = await page.title();
    for (const [what, text] of [['the heading', heading], ['the page title', title]]) {
      check(text && text !== 'annals', `${what} is "${text}", not made from the database`);
      check(!/deir/i.test(text), `${what} names Deir ez-Zor: "${text}"`);
    }
    const theatres = Array.isArray(status.theatres) ? status.theatres : [];
    check(theatres.length >= 1, `/api/status lists no theatres: ${JSON.stringify(status).slice(0, 300)}`);
    const top = theatres[0];
    if (!top.own) check(heading.includes(top.name), `the heading "${heading}" does not name the database's war "${top.name}"`);
    // The legend names the blocs of the theatres present, in their colours.
    const legend = await page.$$eval('#map-legend .legend-item[data-bloc]', (els) =>
      els.map((e) => ({ bloc: e.dataset.bloc, colour: getComputedStyle(e.querySelector('.swatch')).backgroundColor })));
    const named = legend.map((l) => l.bloc);
    const missing = top.blocs.filter((b) => !named.includes(b));
    check(!missing.length, `the map legend lacks the blocs ${missing.join(', ')} of ${top.name} (it has ${named.join(', ')})`);
    const fixed = { opposition: 'rgb(44, 160, 44)', isil: 'rgb(34, 34, 34)' };
    for (const l of legend) {
      if (fixed[l.bloc]) check(l.colour === fixed[l.bloc], `the legend colours ${l.bloc} ${l.colour}, not ${fixed[l.bloc]}`);
    }
    const ofTop = legend.filter((l) => top.blocs.includes(l.bloc));
    check(new Set(ofTop.map((l) => l.colour)).size === ofTop.length, `two blocs of ${top.name} share a colour: ${JSON.stringify(ofTop)}`);
    log(`  "${heading}"; legend ${named.join(', ')}`);
  });

  // 2. The 2014 ISIS offensive
  let conflictTitle = '';
  await step('conflict page of the April–July 2014 offensive', async () => {
    const link = page.locator('a.conflict-link', { hasText: 'April–July 2014' }).first();
    check(await link.count() === 1, 'no conflict link whose title contains "April–July 2014"');
    conflictTitle = norm(await link.textContent());
    await link.click();
    await waitFor('the conflict page never finished rendering (#conflict-title and body[data-ready="1"])',
      () => location.hash.startsWith('#/conflict/') && document.body.dataset.ready === '1'
        && !!document.querySelector('#conflict-title'));
    await noVisibleErrors('the conflict page');
    const title = norm(await page.textContent('#conflict-title'));
    check(title.includes('April–July 2014'), `#conflict-title is "${title}", not the April–July 2014 offensive`);
    check(title === conflictTitle, `#conflict-title "${title}" differs from the link "${conflictTitle}"`);
    const sides = await count('#sides thead th.side');
    check(sides >= 2, `#sides has ${sides} side column(s), expected at least 2`);
    const belligerents = await count('#sides tbody td li.value');
    check(belligerents >= 2, '#sides lists no values');
    const disagreements = await count('#disagreements li.disagreement');
    check(disagreements >= 1, '#disagreements lists no disagreement');
    // Each side shows its bloc as the API gives it; a known bloc is never "Unknown".
    const id = decodeURIComponent(await page.evaluate(() => location.hash.replace(/^#\/conflict\//, '')));
    const conflict = await page.evaluate((cid) => fetch(`/api/conflicts/${encodeURIComponent(cid)}`).then((r) => r.json()), id);
    const apiBlocs = (conflict.sides || []).map((s) => s.bloc || '');
    check(conflict.theatre && conflict.theatre.id, `/api/conflicts/${id} has no theatre`);
    check(apiBlocs.some(Boolean), `/api/conflicts/${id} knows no side's bloc: ${JSON.stringify(apiBlocs)}`);
    const shown = await page.$$eval('#sides thead th.side', (els) => els.map((e) => ({
      bloc: e.dataset.bloc,
      chip: e.querySelector('.bloc-chip').textContent.replace(/\s+/g, ' ').trim(),
    })));
    check(JSON.stringify(shown.map((s) => s.bloc)) === JSON.stringify(apiBlocs),
      `the sides show the blocs ${JSON.stringify(shown.map((s) => s.bloc))}, the API gives ${JSON.stringify(apiBlocs)}`);
    for (const [i, s] of shown.entries()) {
      check(s.chip && s.chip !== 'Unknown', `side ${i + 1} is labelled "${s.chip}"`);
      if (!s.bloc) {
        const first = (conflict.sides[i].belligerents || [])[0];
        check(s.chip === first, `side ${i + 1} has no bloc and is labelled "${s.chip}", not its first belligerent "${first}"`);
      }
    }
    const legend = await page.$$eval('#map-legend .legend-item[data-bloc]', (els) => els.map((e) => e.dataset.bloc));
    check(JSON.stringify(legend) === JSON.stringify(conflict.theatre.blocs),
      `the map legend names ${legend.join(', ')}, not the blocs of ${conflict.theatre.name}: ${conflict.theatre.blocs.join(', ')}`);
    log(`  sides: ${shown.map((s) => `${s.chip} [${s.bloc}]`).join(' / ')}; theatre ${conflict.theatre.name}`);
  });

  // 3. Filter the conflict's timeline to battles
  await step('timeline filter by type "Battles"', async () => {
    await waitFor('the timeline is still loading', () => !document.querySelector('#timeline[data-busy]'));
    const totalTextBefore = norm(await page.textContent('#event-total'));
    const totalBefore = firstNumber(totalTextBefore);
    const itemsBefore = await count('#event-list li.event');
    check(itemsBefore >= 1, 'the conflict timeline lists no event');
    const typesBefore = await page.$$eval('#event-list li.event', (els) => new Set(els.map((e) => e.dataset.type)).size);
    await page.selectOption('#filter-type', 'Battles');
    await page.click('#filter-apply');
    await waitFor(`#event-total still says "${totalTextBefore}" after applying the filter`,
      (before) => {
        const t = document.querySelector('#event-total');
        return t && t.textContent.replace(/\s+/g, ' ').trim() !== before && !document.querySelector('#timeline[data-busy]');
      }, totalTextBefore);
    await noVisibleErrors('the filtered timeline');
    const totalTextAfter = norm(await page.textContent('#event-total'));
    const totalAfter = firstNumber(totalTextAfter);
    const types = await page.$$eval('#event-list li.event', (els) => els.map((e) => e.dataset.type));
    check(types.length >= 1, 'no battle is listed after filtering');
    const wrong = types.filter((t) => t !== 'Battles');
    check(!wrong.length, `${wrong.length} listed event(s) are not battles: ${[...new Set(wrong)].join(', ')}`);
    check(Number.isFinite(totalBefore) && Number.isFinite(totalAfter),
      `#event-total is not a count: "${totalTextBefore}" / "${totalTextAfter}"`);
    check(totalAfter < totalBefore, `the total did not go down: ${totalBefore} before, ${totalAfter} after`);
    check(types.length <= itemsBefore, `more events are listed after filtering (${types.length}) than before (${itemsBefore})`);
    if (itemsBefore === totalBefore && typesBefore > 1) {
      check(types.length < itemsBefore, `the list did not get shorter: ${itemsBefore} before, ${types.length} after`);
    }
    log(`  ${totalTextBefore} → ${totalTextAfter}`);
  });

  // 4. Source viewer
  await step('source viewer opens on the first event', async () => {
    const first = page.locator('#event-list li.event').first();
    const shown = norm(await first.locator('.event-text').textContent()).replace(/…$/, '');
    const prefix = shown.slice(0, 40).replace(/\s+\S*$/, '') || shown.slice(0, 40);
    check(prefix.length >= 8, `the first event shows too little text: "${shown}"`);
    await first.click();
    await page.waitForSelector('#doc-viewer', { state: 'visible', timeout: WAIT_MS }).catch(() => {
      throw new CheckFailed('#doc-viewer did not open after clicking the first event');
    });
    await waitFor('#source-mark never got any text', () => {
      const m = document.querySelector('#doc-viewer #source-mark');
      return m && m.textContent.trim().length > 0;
    });
    await noVisibleErrors('the source viewer');
    const marked = norm(await page.textContent('#source-mark'));
    check(marked.includes(prefix), `#source-mark does not contain the start of the event's sentence:\n  expected "${prefix}"\n  marked   "${marked.slice(0, 200)}"`);
    const title = norm(await page.textContent('#doc-viewer-title'));
    check(title.length > 0, 'the source viewer shows no document title');
    const inView = await page.$eval('#source-mark', (m) => {
      const r = m.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    check(inView, '#source-mark is not scrolled into view');
    await page.click('#doc-viewer-close');
    await page.waitForSelector('#doc-viewer', { state: 'hidden', timeout: WAIT_MS }).catch(() => {
      throw new CheckFailed('#doc-viewer did not close with #doc-viewer-close');
    });
    // Escape closes it too.
    await first.click();
    await page.waitForSelector('#doc-viewer', { state: 'visible' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#doc-viewer', { state: 'hidden', timeout: WAIT_MS }).catch(() => {
      throw new CheckFailed('#doc-viewer did not close with Escape');
    });
  });

  // 5. Control layer over time
  await step('control map: Abu Kamal changes hands between 2014-05-01 and 2014-07-02', async () => {
    await page.click('a.brand');
    await waitFor('the home page did not come back (body[data-ready="1"] with #conflicts and #map)',
      () => (location.hash === '#/' || location.hash === '') && document.body.dataset.ready === '1'
        && !!document.querySelector('#conflicts a.conflict-link') && !!document.querySelector('#map[data-control-at]'));
    const fills = {};
    for (const day of ['2014-05-01', '2014-07-02']) {
      await page.fill('#control-date-input', day);
      await waitFor(`#map never got data-control-at="${day}"`,
        (d) => !!document.querySelector(`#map[data-control-at="${d}"]`), day);
      await noVisibleErrors(`the map on ${day}`);
      const label = norm(await page.textContent('#control-date'));
      check(label === day, `#control-date says "${label}", expected ${day}`);
      const slider = await page.$eval('#control-slider', (s) => Number(s.value));
      check(Number.isInteger(slider) && slider > 0, `#control-slider did not move (value ${slider})`);
      const circle = page.locator('circle.control-place[data-place="Abu Kamal"]');
      check(await circle.count() === 1, `no circle.control-place[data-place="Abu Kamal"] on ${day}`);
      fills[day] = await circle.getAttribute('fill');
      check(!!fills[day], `the Abu Kamal circle has no fill on ${day}`);
      const bloc = await circle.getAttribute('data-bloc');
      log(`  ${day}: Abu Kamal fill ${fills[day]} (bloc "${bloc}")`);
      await page.screenshot({ path: path.join(ARTIFACT_DIR, `control-${day}.png`), fullPage: true });
    }
    check(fills['2014-05-01'] !== fills['2014-07-02'],
      `Abu Kamal has the same colour (${fills['2014-05-01']}) on 2014-05-01 and 2014-07-02`);
  });

  // 6. Search
  await step('search for "Abu Kamal"', async () => {
    await page.fill('#search', 'Abu Kamal');
    await page.press('#search', 'Enter');
    await waitFor('the search page never finished rendering',
      () => location.hash.startsWith('#/search') && document.body.dataset.ready === '1'
        && !!document.querySelector('#search-results'));
    await noVisibleErrors('the search page');
    const results = await count('#search-results li.search-result');
    check(results >= 1, 'no li.search-result for "Abu Kamal"');
    const marks = await page.$$eval('#search-results li.search-result mark', (els) => els.map((e) => e.textContent));
    check(marks.length >= 1, 'no search result has a <mark>');
    check(marks.some((m) => /abu|kamal/i.test(m)), `the marks do not highlight the query: ${marks.slice(0, 5).join(', ')}`);
    log(`  ${results} result(s), ${marks.length} mark(s)`);
  });

  currentStep = 'finish';
  await cleanup();
  clearTimeout(watchdog);
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
}

main().catch(fail);
