// zaiko-sync seller console: plain JavaScript, no build step, no dependencies.
// Talks only to the admin API of its own origin (/admin/...): the local gateway, or CloudFront in
// front of the stack's HTTP API (where a Cognito ID token is sent as a Bearer token).
'use strict';

const REFRESH_MS = 5000;

const state = {
  lang: localStorage.getItem('zaiko.lang') || 'ja',
  strings: {},
  config: { auth: null },
  token: null,
  channels: [],
  settings: { fixedEgressIp: null, fixedIpChannels: [], environment: 'local' },
  stock: { offset: 0, limit: 50, total: 0, items: [], selected: new Set() },
  editSku: null,
  autoPreview: null,
  timer: null,
  refreshing: false,
};

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ i18n

function t(key, params) {
  let text = state.strings[key];
  if (text === undefined) {
    text = key;
  }
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.split('{' + name + '}').join(String(value));
    }
  }
  return text;
}

async function loadLanguage(lang) {
  const response = await fetch('i18n/' + lang + '.json', { cache: 'no-cache' });
  state.strings = await response.json();
  state.lang = lang;
  localStorage.setItem('zaiko.lang', lang);
  document.documentElement.lang = lang;
  document.title = 'zaiko-sync ' + t('app.title');
  $('lang').value = lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
}

function num(value) {
  return value === null || value === undefined ? '' : Number(value).toLocaleString(state.lang === 'ja' ? 'ja-JP' : 'en-US');
}

function when(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return date.toLocaleString(state.lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo' });
}

// ------------------------------------------------------------------ DOM helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'class') {
        node.className = value;
      } else if (name.startsWith('on')) {
        node.addEventListener(name.substring(2), value);
      } else if (name === 'dataset') {
        Object.assign(node.dataset, value);
      } else {
        node.setAttribute(name, value === true ? '' : value);
      }
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(message, isError) {
  const box = $('message');
  box.textContent = message;
  box.classList.toggle('error', Boolean(isError));
  box.classList.remove('hidden');
  clearTimeout(show.timer);
  if (!isError) {
    show.timer = setTimeout(() => box.classList.add('hidden'), 6000);
  }
}

// ------------------------------------------------------------------ the admin API

// The admin API refuses with {"error":{"code","params","message"}}: the text shown is the code's
// translation (i18n "error.<CODE>" with the params filled in), the English message only a fallback.
function errorText(error) {
  if (!error) {
    return '';
  }
  if (typeof error === 'string') {
    return error;
  }
  const key = 'error.' + error.code;
  if (state.strings[key] !== undefined && !(error.code === 'INVALID' && !error.message)) {
    return t(key, Object.assign({ message: error.message || '' }, error.params || {}));
  }
  return error.message || error.code || '';
}

function lineErrorText(e) {
  const text = errorText(e);
  return e.line === 0 ? text : t('upload.line', { line: e.line, message: text });
}

class ApiError extends Error {
  constructor(status, body) {
    super(errorText(body && body.error) || ('HTTP ' + status));
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body, contentType) {
  const headers = {};
  if (state.token) {
    headers.Authorization = 'Bearer ' + state.token;
  }
  let payload;
  if (body !== undefined) {
    if (contentType) {
      headers['Content-Type'] = contentType;
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const response = await fetch('admin/' + path, { method, headers, body: payload, cache: 'no-store' });
  if (response.status === 401 && state.config.auth) {
    sessionStorage.removeItem('zaiko.token');
    await login();
    throw new ApiError(401, { error: t('auth.expired') });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = { error: { code: 'INTERNAL', params: {}, message: text } };
  }
  if (!response.ok && response.status !== 422) {
    throw new ApiError(response.status, data);
  }
  return { status: response.status, data };
}

// ------------------------------------------------------------------ sign-in (AWS only: Cognito, code flow with PKCE)

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function login() {
  const auth = state.config.auth;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const nonce = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('zaiko.pkce', JSON.stringify({ verifier, nonce }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: auth.clientId, redirect_uri: auth.redirectUri, scope: 'openid email',
    code_challenge_method: 'S256', code_challenge: challenge, state: nonce,
  });
  window.location.assign(auth.domain + '/oauth2/authorize?' + query.toString());
}

async function signIn() {
  const auth = state.config.auth;
  if (!auth) {
    return true;
  }
  const params = new URLSearchParams(window.location.search);
  const saved = JSON.parse(sessionStorage.getItem('zaiko.pkce') || 'null');
  if (params.get('code') && saved && params.get('state') === saved.nonce) {
    const response = await fetch(auth.domain + '/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', client_id: auth.clientId, code: params.get('code'),
        redirect_uri: auth.redirectUri, code_verifier: saved.verifier,
      }),
    });
    sessionStorage.removeItem('zaiko.pkce');
    if (response.ok) {
      const tokens = await response.json();
      sessionStorage.setItem('zaiko.token', tokens.id_token);
    }
    window.history.replaceState(null, '', auth.redirectUri + window.location.hash);
  }
  state.token = sessionStorage.getItem('zaiko.token');
  if (!state.token) {
    await login();
    return false;
  }
  $('logout').classList.remove('hidden');
  return true;
}

function logout() {
  sessionStorage.removeItem('zaiko.token');
  const auth = state.config.auth;
  window.location.assign(auth.domain + '/logout?' + new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri }));
}

// ------------------------------------------------------------------ navigation

const VIEWS = ['stock', 'listings', 'upload', 'channels', 'orders'];

function currentView() {
  const name = window.location.hash.replace('#', '');
  return VIEWS.includes(name) ? name : 'stock';
}

async function route() {
  const view = currentView();
  for (const name of VIEWS) {
    $('view-' + name).classList.toggle('hidden', name !== view);
    $('tab-' + name).classList.toggle('active', name === view);
  }
  await refresh(true);
}

async function refresh(explicit) {
  if (state.refreshing) {
    return;
  }
  state.refreshing = true;
  try {
    switch (currentView()) {
      case 'stock': await loadStock(); break;
      case 'channels': await loadChannels(); break;
      case 'orders': await loadOrders(); break;
      case 'listings': if (explicit) { await loadReport(); } break;
      default: break;
    }
    $('live').className = 'live on';
  } catch (e) {
    $('live').className = 'live error';
    if (explicit) {
      show(e.message, true);
    }
  } finally {
    state.refreshing = false;
  }
}

function startLive() {
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    const busy = document.querySelector('dialog[open]') || document.hidden || currentView() === 'upload'
      || currentView() === 'listings';
    if (!busy) {
      refresh(false);
    }
  }, REFRESH_MS);
}

// ------------------------------------------------------------------ channels (shared by several views)

// 楽天市場 (rakuten-main): the mall's name (from the admin API's mall registry), the account id under it.
function mallName(id) {
  const c = (state.channels || []).find((x) => x.id === id);
  return c && c.mall && c.mall.name ? (c.mall.name[state.lang] || c.mall.name.en) : id;
}

function timeOnly(iso) {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleTimeString(state.lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });
}

async function loadChannelList() {
  const { data } = await api('GET', 'channels');
  state.channels = data.channels;
  const fill = (select, withAll) => {
    const keep = select.value;
    select.replaceChildren();
    if (withAll) {
      select.append(el('option', { value: '' }, t('stock.allChannels')));
    }
    for (const c of state.channels) {
      select.append(el('option', { value: c.id }, mallName(c.id) + ' (' + c.id + ')'));
    }
    // Keep the choice; a list without "all" starts on its first mall, never blank.
    select.value = keep;
    if (select.selectedIndex < 0 && select.options.length > 0) {
      select.selectedIndex = 0;
    }
  };
  fill($('filter-channel'), true);
  fill($('link-channel'), false);
  fill($('auto-channel'), false);
  const push = $('push-channels');
  push.replaceChildren(...state.channels.map((c) => el('label', null,
    el('input', { type: 'checkbox', value: c.id, checked: true, class: 'push-channel' }), mallName(c.id))));
}

// ------------------------------------------------------------------ stock table

function stockQuery() {
  const query = new URLSearchParams({ offset: state.stock.offset, limit: state.stock.limit });
  const search = $('search').value.trim();
  if (search) {
    query.set('q', search);
  }
  if ($('filter-channel').value) {
    query.set('channel', $('filter-channel').value);
  }
  if ($('filter-below').value !== '') {
    query.set('below', $('filter-below').value);
  }
  if ($('filter-diff').checked) {
    query.set('diff', 'only');
  }
  return query;
}

async function loadStock() {
  const wrap = $('stock-wrap');
  wrap.classList.add('busy');
  $('stock-loading').classList.remove('hidden');
  try {
    const { data } = await api('GET', 'stock?' + stockQuery().toString());
    state.stock.total = data.total;
    state.stock.items = data.items;
    state.stock.data = data;
    state.stock.channelIds = data.channels.map((c) => c.id);
    renderStock(data);
  } finally {
    wrap.classList.remove('busy');
    $('stock-loading').classList.add('hidden');
  }
}

function renderStock(data) {
  const channels = data.channels.map((c) => c.id);
  const head = $('stock-head');
  const all = el('input', { type: 'checkbox', id: 'select-all', title: t('stock.selectAll'), 'aria-label': t('stock.selectAll') });
  all.checked = data.items.length > 0 && data.items.every((i) => state.stock.selected.has(i.sku));
  all.addEventListener('change', () => {
    data.items.forEach((i) => (all.checked ? state.stock.selected.add(i.sku) : state.stock.selected.delete(i.sku)));
    renderStock(data);
  });
  head.replaceChildren(el('th', { class: 'pin pin-1' }, all), el('th', { class: 'pin pin-2' }, t('col.actions')),
    el('th', { class: 'pin pin-3 product' }, t('col.sku') + ' / ' + t('col.name')),
    el('th', { class: 'n' }, t('col.available')), el('th', { class: 'n' }, t('col.safety')),
    el('th', { class: 'n' }, t('col.sellable')),
    ...data.channels.map((c) => el('th', { class: 'channel-col', dataset: { channel: c.id } },
      el('div', { class: 'mall-name' }, mallName(c.id)), el('div', { class: 'account' }, c.id),
      el('div', { class: 'last-check', dataset: { at: c.lastCheck ? c.lastCheck.at : '' } },
        c.lastCheck ? t('stock.lastCheck', { time: timeOnly(c.lastCheck.at) }) : t('stock.neverChecked')))));

  const rows = data.items.map((item) => stockRow(item, channels));
  if (rows.length === 0) {
    rows.push(el('tr', { class: 'empty' }, el('td', { colspan: 6 + channels.length, class: 'none' }, t('stock.empty'))));
  }
  $('stock-body').replaceChildren(...rows);

  const from = data.total === 0 ? 0 : data.offset + 1;
  const to = Math.min(data.total, data.offset + data.limit);
  $('stock-count').textContent = t('stock.count', { count: num(data.total) });
  $('page-info').textContent = t('page.info', { from: num(from), to: num(to), total: num(data.total) });
  $('page-prev').disabled = data.offset === 0;
  $('page-next').disabled = data.offset + data.limit >= data.total;
  $('stock-problems').textContent = '';
  renderSelection();
}

function stockRow(item, channels) {
  const box = el('input', { type: 'checkbox', class: 'row-select', value: item.sku, 'aria-label': item.sku });
  box.checked = state.stock.selected.has(item.sku);
  box.addEventListener('change', () => {
    if (box.checked) {
      state.stock.selected.add(item.sku);
    } else {
      state.stock.selected.delete(item.sku);
    }
    renderSelection();
  });
  return el('tr', { class: item.differs ? 'differs' : null, dataset: { sku: item.sku } },
    el('td', { class: 'pin pin-1' }, box),
    el('td', { class: 'pin pin-2 row-actions' },
      el('button', { type: 'button', class: 'small push', onclick: () => pushSkus([item.sku]) }, t('row.push')),
      el('button', { type: 'button', class: 'small edit', onclick: () => openEdit(item) }, t('row.edit')),
      el('details', { class: 'more' }, el('summary', null, '…'),
        el('button', { type: 'button', class: 'small history', onclick: () => openHistory(item.sku) }, t('row.history')),
        el('button', { type: 'button', class: 'small links', onclick: () => openListings(item.sku) }, t('row.listings')))),
    el('td', { class: 'pin pin-3 product' }, el('div', { class: 'sku' }, item.sku),
      el('div', { class: 'name' }, item.name || ''), item.jan ? el('div', { class: 'jan' }, 'JAN ' + item.jan) : null),
    el('td', { class: 'n available' }, num(item.available)),
    el('td', { class: 'n safety' }, num(item.safetyStock)),
    el('td', { class: 'n sellable' }, num(item.sellable)),
    ...channels.map((id) => channelCell(item, id)));
}

// Rows the API answered with (after 反映 or an edit) replace theirs on the page at once.
function replaceRows(rows) {
  if (!rows || !state.stock.data) {
    return;
  }
  const channels = state.stock.data.channels.map((c) => c.id);
  for (const item of rows) {
    const old = document.querySelector('#stock-body tr[data-sku="' + CSS.escape(item.sku) + '"]');
    const index = state.stock.items.findIndex((i) => i.sku === item.sku);
    if (index >= 0) {
      state.stock.items[index] = item;
    }
    if (old) {
      old.replaceWith(stockRow(item, channels));
    }
  }
}

const MARKS = { SAME: '✓', DIFFERENT: '≠', NOT_ON_MALL: '≠', PUSHING: '↻', UNCHECKED: '?' };

function channelCell(item, channelId) {
  const listings = item.listings.filter((l) => l.channelId === channelId);
  if (listings.length === 0) {
    return el('td', { class: 'cell none', dataset: { channel: channelId } }, '—');
  }
  return el('td', { class: 'cell', dataset: { channel: channelId } }, ...listings.map((l) => {
    const status = l.status.toLowerCase();
    const shown = l.shown === null ? '—' : num(l.shown);
    const when = l.shownAt ? t('source.' + l.source, { time: timeOnly(l.shownAt) }) : '';
    let title = t('status.' + l.status, { sellable: num(l.sellable), shown }) + (when ? ' · ' + when : '') + ' · ' + l.itemKey;
    if (l.pushFailed && l.lastPush) {
      title += ' · ' + t('stock.pushFailed', { message: (l.lastPush.mallCode + ' ' + l.lastPush.message).trim() });
    }
    return el('span', { class: 'cell-line ' + status + (l.pushFailed ? ' push-failed' : ''), title,
      dataset: { status: l.status, itemKey: l.itemKey, shown: l.shown === null ? '' : l.shown } },
      el('span', { class: 'shown' }, l.status === 'PUSHING' ? num(l.sellable) : shown), ' ', el('span', { class: 'mark' }, MARKS[l.status] || ''),
      l.status === 'DIFFERENT' || l.status === 'NOT_ON_MALL' ? el('span', { class: 'expected' }, ' (' + num(l.sellable) + ')') : null,
      l.pushFailed ? el('span', { class: 'warn' }, ' ⚠') : null,
      l.set ? el('span', { class: 'set-note' }, t('stock.set') + ': ' + l.components.map((c) => c.sku + '×' + c.units).join(' + ')) : null);
  }));
}

// 再取得: one background read per mall (the server never runs two for a mall); the page polls the job.
async function refreshMalls() {
  const button = $('refresh-button');
  button.disabled = true;
  try {
    const { data } = await api('POST', 'stock/refresh', {});
    $('refresh-status').textContent = t('stock.refreshing', { channels: data.channels.map((c) => mallName(c.channelId)).join('、') });
    let job = data;
    // A read may take minutes on AWS (the reconciler runs in the background, up to 15 min): poll every
    // second at first, then every 5 s.
    const started = Date.now();
    const deadline = started + 16 * 60 * 1000;
    while (job.state === 'RUNNING' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, Date.now() - started < 15000 ? 1000 : 5000));
      job = (await api('GET', 'stock/refresh/' + encodeURIComponent(data.jobId))).data;
      const waiting = job.channels.filter((c) => c.state === 'RUNNING').map((c) => mallName(c.channelId));
      if (waiting.length) {
        $('refresh-status').textContent = t('stock.refreshing', { channels: waiting.join('、') });
      }
    }
    const failed = job.channels.filter((c) => c.state === 'FAILED' || c.status === 'PARTIAL' || c.status === 'SKIPPED');
    $('refresh-status').textContent = t('stock.refreshed', { time: timeOnly(new Date().toISOString()) })
      + (failed.length ? ' · ' + t('stock.refreshFailed', { channels: failed.map((c) => mallName(c.channelId)).join('、') }) : '');
    $('refresh-status').dataset.state = job.state;
    await loadStock();
  } catch (e) {
    $('refresh-status').textContent = e.message;
    $('refresh-status').dataset.state = 'FAILED';
  } finally {
    button.disabled = false;
  }
}

function renderSelection() {
  $('selected-count').textContent = t('bulk.selected', { count: num(state.stock.selected.size) });
  $('bulk-apply').disabled = state.stock.selected.size === 0;
  $('bulk-push').disabled = state.stock.selected.size === 0;
}

async function adjust(skus, op, quantity) {
  const { status, data } = await api('POST', 'stock/adjust', { skus, op, quantity });
  if (status === 422) {
    throw new ApiError(422, { error: data.errors.map(errorText).join(' / ') });
  }
  const failed = data.edited.filter((e) => e.problem);
  if (failed.length > 0) {
    // the check passed but an order changed the SKU before the write (the server's detail is English: logs only)
    show(failed.map((e) => t('bulk.notApplied', { sku: e.sku })).join(' / '), true);
  } else {
    show(t('bulk.done', { count: num(data.edited.length) }));
  }
  replaceRows(data.rows);
}

async function pushSkus(skus) {
  try {
    const channels = Array.from(document.querySelectorAll('.push-channel:checked')).map((c) => c.value);
    if (channels.length === 0) {
      show(t('bulk.noChannel'), true);
      return;
    }
    const { data } = await api('POST', 'stock/push', { skus, channels });
    show(t('push.done', { count: num(data.requested) }));
    replaceRows(data.rows);
    setTimeout(() => refresh(false), 1500);
  } catch (e) {
    show(e.message, true);
  }
}

function openEdit(item) {
  state.editSku = item.sku;
  $('edit-title').textContent = t('edit.title', { sku: item.sku });
  $('edit-current').textContent = t('edit.current', { available: num(item.available), safety: num(item.safetyStock) });
  $('edit-op').value = 'set';
  $('edit-quantity').value = item.available;
  $('edit-error').textContent = '';
  $('edit-dialog').showModal();
  $('edit-quantity').focus();
}

async function saveEdit(event) {
  event.preventDefault();
  const quantity = $('edit-quantity').value;
  if (!/^\d+$/.test(quantity)) {
    $('edit-error').textContent = t('edit.badQuantity');
    return;
  }
  try {
    await adjust([state.editSku], $('edit-op').value, Number(quantity));
    $('edit-dialog').close();
  } catch (e) {
    $('edit-error').textContent = e.message;
  }
}

async function openHistory(sku) {
  try {
    const { data } = await api('GET', 'stock/' + encodeURIComponent(sku) + '/history?limit=100');
    $('history-title').textContent = t('history.title', { sku });
    $('history-body').replaceChildren(...data.entries.map((e) => el('tr', null,
      el('td', null, when(e.at)), el('td', null, t('reason.' + e.reason)), el('td', { class: 'n' }, num(e.before)),
      el('td', { class: 'n' }, num(e.after)), el('td', { class: 'n' }, num(e.safetyStockAfter)), el('td', null, e.source))));
    $('history-dialog').showModal();
  } catch (e) {
    show(e.message, true);
  }
}

// ------------------------------------------------------------------ listings

function openListings(sku) {
  $('listing-sku').value = sku;
  window.location.hash = '#listings';
  loadListings(sku);
}

async function loadListings(sku) {
  try {
    const { data } = await api('GET', 'stock/' + encodeURIComponent(sku));
    const rows = data.listings.map((l) => el('tr', { dataset: { listing: l.listing } },
      el('td', null, l.channelId), el('td', { class: 'sku' }, l.itemKey), el('td', null, l.components),
      el('td', { class: 'n' }, num(l.sellable)),
      el('td', { class: 'n' }, l.shown === null ? (l.shownProblem || '—') : num(l.shown)),
      el('td', null, l.lastPush ? (num(l.lastPush.quantity) + ' ' + (l.lastPush.status || '') + ' ' + when(l.lastPush.at)) : '—'),
      el('td', null, el('button', { type: 'button', class: 'small unlink', onclick: () => unlink(l.channelId, l.itemKey, sku) }, t('listings.unlink')))));
    if (rows.length === 0) {
      rows.push(el('tr', null, el('td', { colspan: 7, class: 'none' }, t('listings.none'))));
    }
    $('listing-body').replaceChildren(...rows);
  } catch (e) {
    show(e.message, true);
  }
}

async function unlink(channelId, itemKey, sku) {
  if (!window.confirm(t('listings.confirmUnlink', { item: channelId + ' / ' + itemKey }))) {
    return;
  }
  try {
    await api('POST', 'listings/unlink', { channelId, itemKey });
    show(t('listings.unlinked', { item: itemKey }));
    await loadListings(sku);
  } catch (e) {
    show(e.message, true);
  }
}

function parseComponents(text) {
  const components = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      continue;
    }
    const match = line.match(/^(.+?)\s*(?:[×xX*]\s*(\d+))?$/);
    components.push({ sku: match[1].trim(), units: match[2] ? Number(match[2]) : 1 });
  }
  return components;
}

async function link(event) {
  event.preventDefault();
  try {
    const components = parseComponents($('link-components').value);
    const { data } = await api('POST', 'listings/link', {
      channelId: $('link-channel').value, itemKey: $('link-item').value.trim(), components,
      replace: $('link-replace').checked,
    });
    show(t('link.done', { item: data.itemKey, components: data.components.map((c) => c.sku + '×' + c.units).join(' + ') }));
    if ($('listing-sku').value) {
      await loadListings($('listing-sku').value);
    }
  } catch (e) {
    show(e.message, true);
  }
}

async function autoLink(dryRun) {
  try {
    const query = new URLSearchParams({ channel: $('auto-channel').value, by: $('auto-by').value, dryRun: String(dryRun) });
    const { data } = await api('POST', 'listings/auto-link?' + query.toString());
    const box = $('auto-result');
    box.replaceChildren(
      el('p', null, t(dryRun ? 'auto.previewSummary' : 'auto.appliedSummary', {
        items: num(data.catalogueItems), linked: num(data.linked.length), already: num(data.alreadyLinked),
        notLinked: num(data.notLinked.length),
      })),
      el('table', { class: 'grid' }, el('thead', null, el('tr', null, el('th', null, t('col.itemKey')),
        el('th', null, t('col.sku')), el('th', null, t('col.name')), el('th', null, t('auto.matchedOn')))),
      el('tbody', null, ...data.linked.map((l) => el('tr', null, el('td', { class: 'sku' }, l.itemKey),
        el('td', { class: 'sku' }, l.sku), el('td', null, l.title), el('td', null, l.matchedOn))))),
      data.notLinked.length ? el('h3', null, t('auto.notLinked')) : null,
      el('ul', { class: 'plain' }, ...data.notLinked.map((n) => el('li', null, n.itemKey + ' ' + (n.title || '') + ': ' + n.reason))));
    $('auto-apply').classList.toggle('hidden', !dryRun || data.linked.length === 0);
  } catch (e) {
    show(e.message, true);
  }
}

async function loadReport() {
  const { data } = await api('GET', 'listings/report');
  $('report-duplicates').replaceChildren(...(data.duplicates.length ? data.duplicates.map((d) =>
    el('li', null, d.channelId + ': ' + d.sku + ' ← ' + d.itemKeys.join(', '))) : [el('li', { class: 'none' }, t('report.none'))]));
  $('report-unknown').replaceChildren(...(data.unknown.length ? data.unknown.map((u) =>
    el('li', null, mallName(u.channelId) + ': ' + u.itemKey + ' — ' + t('report.unknownLine', { lines: num(u.lines), units: num(u.units) })
      + ' (' + u.orderIds.join(', ') + ')')) : [el('li', { class: 'none' }, t('report.none'))]));
}

// ------------------------------------------------------------------ CSV upload

async function upload(event) {
  event.preventDefault();
  const file = $('upload-file').files[0];
  const box = $('upload-result');
  if (!file) {
    box.replaceChildren(el('p', { class: 'result-bad' }, t('upload.noFile')));
    return;
  }
  const kind = $('upload-kind').value;
  const query = new URLSearchParams({ file: file.name });
  if ($('upload-dry').checked) {
    query.set('dryRun', 'true');
  }
  if (kind === 'listings' && $('upload-replace').checked) {
    query.set('replace', 'true');
  }
  try {
    const bytes = await file.arrayBuffer();
    const { status, data } = await api('POST', kind + '/import?' + query.toString(), bytes, 'text/csv; charset=utf-8');
    if (status === 422) {
      box.replaceChildren(
        el('p', { class: 'result-bad', id: 'upload-status' }, t('upload.rejected', { count: num(data.errors.length), file: data.file })),
        el('ul', { class: 'errors', id: 'upload-errors' }, ...data.errors.map((e) =>
          el('li', { class: 'line-error', dataset: { line: e.line, code: e.code } }, lineErrorText(e)))),
        data.encoding ? el('p', { class: 'hint', id: 'upload-encoding' }, t('upload.encoding', { encoding: data.encoding })) : null);
      return;
    }
    const summary = kind === 'stock'
      ? t('upload.stockDone', { rows: num(data.rows), created: num(data.created), changed: num(data.changed), unchanged: num(data.unchanged) })
      : t('upload.listingsDone', { listings: num(data.listings), created: num(data.created), replaced: num(data.replaced), unchanged: num(data.unchanged) });
    box.replaceChildren(
      el('p', { class: 'result-ok', id: 'upload-status' }, data.dryRun ? t('upload.checked', { rows: num(data.rows) }) : summary),
      data.encoding ? el('p', { class: 'hint', id: 'upload-encoding' }, t('upload.encoding', { encoding: data.encoding })) : null,
      (data.failed || []).length ? el('ul', { class: 'errors', id: 'upload-failed' }, ...data.failed.map((e) =>
        el('li', { class: 'line-error', dataset: { line: e.line } }, lineErrorText(e)))) : null,
      (data.unknownAtMall || []).length ? el('ul', { class: 'errors', id: 'upload-unknown' }, ...data.unknownAtMall.map((e) =>
        el('li', { class: 'line-error', dataset: { line: e.line } }, lineErrorText(e)))) : null);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'result-bad', id: 'upload-status' }, e.message));
  }
}

// ------------------------------------------------------------------ channels

async function loadChannels() {
  const [{ data }, settings] = await Promise.all([api('GET', 'channels'), api('GET', 'settings')]);
  state.settings = settings.data;
  const ip = state.settings.fixedEgressIp;
  $('egress').textContent = ip ? t('channels.egress', { ip }) : t('channels.noEgress');
  $('channel-cards').replaceChildren(...data.channels.map((c) => {
    const needsIp = Boolean(c.mall && c.mall.fixedIp);
    const credentials = c.credentials.map((raw) => ({ ...raw,
      name: state.lang === 'ja' && raw.nameJa ? raw.nameJa : raw.name,
      renewal: state.lang === 'ja' && raw.renewalJa ? raw.renewalJa : raw.renewal }))
      .map((cred) => el('li', { class: cred.needsRenewal ? 'warning' : null },
      cred.name + ': ' + (cred.expiresAt ? when(cred.expiresAt) + ' (' + t(cred.daysLeft < 0 ? 'channels.expired' : 'channels.daysLeft', { days: num(Math.abs(cred.daysLeft)) }) + ')' : t('channels.noExpiry')),
      cred.needsRenewal ? el('div', null, '⚠ ' + t(cred.daysLeft !== null && cred.daysLeft < 0 ? 'channels.hasExpired' : 'channels.expiresIn',
        { name: cred.name, days: num(Math.abs(cred.daysLeft || 0)) }) + (cred.renewal ? ' — ' + cred.renewal : '')) : null));
    return el('div', { class: 'card ' + c.health, dataset: { channel: c.id, health: c.health } },
      el('h3', null, c.id, el('span', { class: 'type' }, c.type), el('span', { class: 'badge ' + c.health }, t('health.' + c.health)),
        c.experimental ? el('span', { class: 'badge experimental', title: c.experimentalNote }, t('channels.experimental')) : null),
      c.experimental ? el('p', { class: 'warning experimental-note' }, '⚠ ' + c.experimentalNote) : null,
      c.health !== 'OK' ? el('div', { class: 'todo' }, el('strong', null, t('health.todo.' + c.health)),
        c.healthMessage ? el('div', { class: 'mall-message' }, t('channels.mallSays') + ' ' + c.healthMessage) : null) : null,
      el('dl', null,
        el('dt', null, t('channels.since')), el('dd', null, when(c.healthSince)),
        el('dt', null, t('channels.lastPoll')), el('dd', { class: 'last-poll' }, when(c.lastSuccessfulPollAt || c.lastPollAt) + (c.lastPollAt ? ' · ' + t('channels.events', { count: num(c.lastPollEvents) }) : '')),
        el('dt', null, t('channels.queue')), el('dd', null, c.queueDepth < 0 ? '—' : num(c.queueDepth)),
        el('dt', null, t('channels.fixedIp')), el('dd', null, needsIp ? (ip ? t('channels.registerIp', { ip }) : t('channels.registerIpLocal')) : t('channels.noFixedIp'))),
      el('div', null, el('strong', null, t('channels.credentials'))),
      el('ul', { class: 'plain' }, ...(credentials.length ? credentials : [el('li', { class: 'none' }, '—')])),
      // credential warnings are shown with each credential above; the adapter's problem (its reason as the
      // adapter gave it, naming a setting) inside a translated sentence
      c.problem ? el('p', { class: 'warning adapter-problem' }, '⚠ ' + t('channels.adapterUnavailable', { message: c.problem })) : null);
  }));
}

// ------------------------------------------------------------------ orders

// The order as the seller knows it: the mall's own name or number (Shopify #1001), a link to its page in
// the mall's seller screen where the mall has one (marked when its URL shape is unconfirmed).
function orderCell(l) {
  const name = l.orderName || l.orderId;
  return el('td', { class: 'order-id', title: name !== l.orderId ? l.orderId : null },
    el('span', { class: 'sku order-name' }, name),
    l.orderUrl ? el('div', null, el('a', { class: 'order-link', href: l.orderUrl, target: '_blank', rel: 'noopener noreferrer' },
      t('orders.openAtMall')), l.orderUrlConfirmed ? null : el('span', { class: 'hint' }, ' ' + t('orders.unconfirmedUrl'))) : null);
}

// The products of a line: SKU and name from the listing's mapping (× units of a set), else the mall's item key.
function productCell(l) {
  const items = l.items || [];
  if (items.length === 0) {
    return el('td', { class: 'product' }, el('span', { class: 'sku' }, l.itemKey));
  }
  return el('td', { class: 'product', title: l.itemKey }, ...items.map((i) => el('div', { class: 'order-item', dataset: { sku: i.sku } },
    el('span', { class: 'sku' }, i.sku + (i.units > 1 ? ' ×' + i.units : '')), i.name ? ' ' + i.name : '')));
}

// The mall's own status, kept as the mall wrote it ("open (PAID/UNFULFILLED)", "orderProgress=100"): each
// word the catalogue knows (mallStatus.<word>) is shown translated, the rest (codes, numbers) as is.
function mallStatusText(status) {
  if (!status) {
    return '';
  }
  return status.replace(/line removed by edit|line deleted|[A-Za-z_]+/g, (word) => {
    const key = 'mallStatus.' + word.toLowerCase().replace(/ /g, '_');
    return state.strings[key] !== undefined ? t(key) : word;
  });
}

function channelCellText(id) {
  return el('td', null, el('div', null, mallName(id)), el('div', { class: 'account' }, id));
}

async function loadOrders() {
  const [oversold, unmapped, rejected] = await Promise.all([api('GET', 'orders?state=OVERSOLD&limit=500'),
    api('GET', 'orders?state=UNMAPPED&limit=500'), api('GET', 'orders?state=REJECTED&limit=500')]);
  const shortfall = (line) => Object.entries(line.shortfall).map(([sku, n]) => sku + ' ' + num(n)).join(', ');
  const empty = (cols) => el('tr', null, el('td', { colspan: cols, class: 'none' }, t('orders.none')));
  const o = oversold.data.lines.map((l) => el('tr', { dataset: { line: l.lineKey } }, channelCellText(l.channelId),
    orderCell(l), productCell(l), el('td', { class: 'n' }, num(l.quantity)),
    el('td', null, shortfall(l)), el('td', null, mallStatusText(l.mallStatus)), el('td', null, when(l.updatedAt))));
  $('oversold-body').replaceChildren(...(o.length ? o : [empty(7)]));
  const u = unmapped.data.lines.map((l) => el('tr', { dataset: { line: l.lineKey } }, channelCellText(l.channelId),
    orderCell(l), el('td', { class: 'sku' }, l.itemKey), el('td', { class: 'n' }, num(l.quantity)),
    el('td', null, mallStatusText(l.mallStatus)), el('td', null, when(l.updatedAt)),
    el('td', null, el('button', { type: 'button', class: 'small', onclick: () => prepareLink(l.channelId, l.itemKey) }, t('orders.link')))));
  $('unmapped-body').replaceChildren(...(u.length ? u : [empty(7)]));
  const r = rejected.data.lines.map((l) => el('tr', { dataset: { order: l.orderId } }, channelCellText(l.channelId),
    orderCell(l), el('td', { title: l.rawExcerpt || '' }, l.reason),
    el('td', null, when(l.updatedAt))));
  $('rejected-body').replaceChildren(...(r.length ? r : [empty(4)]));
}

function prepareLink(channelId, itemKey) {
  window.location.hash = '#listings';
  $('link-channel').value = channelId;
  $('link-item').value = itemKey;
  $('link-components').focus();
}

// ------------------------------------------------------------------ start

function bind() {
  $('lang').addEventListener('change', async () => { await loadLanguage($('lang').value); await refresh(true); });
  $('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  $('stock-filters').addEventListener('submit', (e) => { e.preventDefault(); state.stock.offset = 0; refresh(true); });
  $('filter-diff').addEventListener('change', () => { state.stock.offset = 0; refresh(true); });
  $('filter-channel').addEventListener('change', () => { state.stock.offset = 0; refresh(true); });
  $('page-prev').addEventListener('click', () => { state.stock.offset = Math.max(0, state.stock.offset - state.stock.limit); refresh(true); });
  $('page-next').addEventListener('click', () => { state.stock.offset += state.stock.limit; refresh(true); });
  $('page-size').addEventListener('change', () => { state.stock.limit = Number($('page-size').value); state.stock.offset = 0; refresh(true); });
  $('bulk-apply').addEventListener('click', async () => {
    const quantity = $('bulk-quantity').value;
    if (!/^\d+$/.test(quantity)) {
      show(t('edit.badQuantity'), true);
      return;
    }
    try {
      await adjust(Array.from(state.stock.selected), $('bulk-op').value, Number(quantity));
    } catch (e) {
      show(e.message, true);
    }
  });
  $('bulk-push').addEventListener('click', () => pushSkus(Array.from(state.stock.selected)));
  $('edit-form').addEventListener('submit', saveEdit);
  $('edit-cancel').addEventListener('click', () => $('edit-dialog').close());
  $('history-close').addEventListener('click', () => $('history-dialog').close());
  $('listing-lookup').addEventListener('submit', (e) => { e.preventDefault(); loadListings($('listing-sku').value.trim()); });
  $('link-form').addEventListener('submit', link);
  $('auto-form').addEventListener('submit', (e) => { e.preventDefault(); autoLink(true); });
  $('auto-apply').addEventListener('click', () => autoLink(false));
  $('report-refresh').addEventListener('click', () => loadReport().catch((e) => show(e.message, true)));
  $('upload-form').addEventListener('submit', upload);
  $('refresh-button').addEventListener('click', refreshMalls);
}

async function start() {
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (response.ok) {
      state.config = await response.json();
    }
  } catch (e) {
    // No config: the local gateway, no sign-in.
  }
  await loadLanguage(state.lang);
  if (!(await signIn())) {
    return;
  }
  bind();
  try {
    const settings = await api('GET', 'settings');
    state.settings = settings.data;
    $('env').textContent = t('env.' + state.settings.environment);
    await loadChannelList();
  } catch (e) {
    show(e.message, true);
  }
  await route();
  startLive();
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
