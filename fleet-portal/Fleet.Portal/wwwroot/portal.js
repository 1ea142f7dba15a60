// SPDX-License-Identifier: MIT
// Fleet portal: renders GET /api/devices data. Live updates come from the SSE stream (event "devices", data =
// the whole device array); when the stream drops, the page polls /api/devices every 5 s and keeps trying to
// reopen the stream. No framework and no build step, so the gateway can embed and serve these files as they are.
(() => {
  'use strict';

  const STREAM_URL = '/api/devices/stream';
  const LIST_URL = '/api/devices';
  const POLL_INTERVAL_MS = 5000;
  // Reopening the stream too eagerly would hammer a restarting gateway; polling covers the gap meanwhile.
  const STREAM_RETRY_MS = [2000, 5000, 10000, 20000];
  const RELATIVE_TICK_MS = 1000;

  const el = {
    connection: document.getElementById('connection'),
    connectionText: document.getElementById('connection-text'),
    rows: document.getElementById('device-rows'),
    noDevices: document.getElementById('no-devices'),
    updatedAt: document.getElementById('updated-at'),
    total: document.getElementById('summary-total'),
    online: document.getElementById('summary-online'),
    sleeping: document.getElementById('summary-sleeping'),
    offline: document.getElementById('summary-offline'),
    lowest: document.getElementById('summary-lowest-battery'),
  };

  let source = null;
  let pollTimer = null;
  let streamRetryTimer = null;
  let streamFailures = 0;
  let lastUpdate = null;
  let lastPollFailed = false;

  // ---- formatting -------------------------------------------------------------------------------------------

  function relativeTime(iso, now) {
    if (!iso) return 'never';
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return 'unknown';
    const s = Math.round((now - t) / 1000);
    if (s < 0) return s > -5 ? 'just now' : `in ${formatSpan(-s)}`;
    if (s < 5) return 'just now';
    return `${formatSpan(s)} ago`;
  }

  function formatSpan(s) {
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    if (s < 86400) return `${Math.floor(s / 3600)} h`;
    return `${Math.floor(s / 86400)} d`;
  }

  // A sleeping sensor is due at nextWakeAt; once that has passed by more than a few seconds it is late.
  function nextWakeText(iso, now) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return '';
    const s = Math.round((t - now) / 1000);
    if (s > 0) return `wakes in ${formatSpan(s)}`;
    if (s > -5) return 'waking now';
    return `overdue ${formatSpan(-s)}`;
  }

  function batteryLevel(percent) {
    if (percent === null || percent === undefined) return 'unknown';
    if (percent < 20) return 'critical';
    if (percent < 50) return 'low';
    return 'good';
  }

  function formatPercent(p) {
    return p === null || p === undefined ? '–' : `${Math.round(p)} %`;
  }

  function formatTemperature(c) {
    return c === null || c === undefined ? '–' : `${c.toFixed(1)} °C`;
  }

  // The API uses the enum names of Fleet.Contracts (camelCase); show words a reader expects.
  const DETECTOR_TEXT = { face: 'face', smile: 'smile', thermalPerson: 'thermal', classifier: 'classifier' };
  const detectorText = (d) => DETECTOR_TEXT[d] || d || '?';

  const STATE_TEXT = { online: 'online', sleeping: 'asleep', offline: 'offline', unknown: 'unknown' };

  // ---- rendering --------------------------------------------------------------------------------------------

  function cell(row, field, label) {
    let td = row.querySelector(`td[data-field="${field}"]`);
    if (!td) {
      td = document.createElement('td');
      td.dataset.field = field;
      td.dataset.label = label;
      row.appendChild(td);
    }
    return td;
  }

  function createRow(id) {
    const tr = document.createElement('tr');
    tr.dataset.deviceId = id;
    // Fixed column order; each cell is then updated in place so tests and screen readers see stable nodes.
    cell(tr, 'id', 'Device').textContent = id;
    cell(tr, 'state', 'State');
    cell(tr, 'lastSeen', 'Last seen');
    cell(tr, 'batteryMv', 'Battery');
    cell(tr, 'stateOfCharge', 'Charge');
    cell(tr, 'temperatureC', 'Temperature');
    cell(tr, 'lastDetection', 'Last detection');
    return tr;
  }

  // Cells with several parts get one wrapper, so the narrow card layout (a two-column grid per cell: label, value)
  // keeps the parts together in the value column.
  function cellBody(td) {
    const body = document.createElement('div');
    body.className = 'cell-body';
    td.replaceChildren(body);
    return body;
  }

  function renderState(td, device, now) {
    const state = device.state || 'unknown';
    td.dataset.value = state;
    const body = cellBody(td);
    const badge = document.createElement('span');
    badge.className = `state state-${state}`;
    badge.textContent = STATE_TEXT[state] || state;
    body.appendChild(badge);
    if (state === 'sleeping' && device.nextWakeAt) {
      const next = document.createElement('span');
      next.className = 'next-wake';
      next.dataset.nextWakeAt = device.nextWakeAt;
      next.textContent = nextWakeText(device.nextWakeAt, now);
      body.appendChild(next);
    }
  }

  function renderLastSeen(td, device, now) {
    td.replaceChildren();
    td.dataset.value = device.lastSeen || '';
    if (!device.lastSeen) {
      td.textContent = 'never';
      return;
    }
    const time = document.createElement('time');
    time.dateTime = device.lastSeen;
    time.title = new Date(device.lastSeen).toLocaleString();
    time.textContent = relativeTime(device.lastSeen, now);
    td.appendChild(time);
  }

  function renderCharge(td, device) {
    const p = device.stateOfChargePercent;
    const level = batteryLevel(p);
    td.dataset.value = p === null || p === undefined ? '' : String(p);
    td.dataset.level = level;
    let wrap = td.querySelector('.charge');
    if (!wrap) {
      wrap = document.createElement('div');
      wrap.className = 'charge';
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('aria-hidden', 'true'); // the percentage text next to it carries the same information
      bar.appendChild(document.createElement('span'));
      const pct = document.createElement('span');
      pct.className = 'pct';
      wrap.append(bar, pct);
      td.replaceChildren(wrap);
    }
    const bar = wrap.querySelector('.bar');
    bar.dataset.level = level;
    bar.firstChild.style.width = `${Math.max(0, Math.min(100, p ?? 0))}%`;
    wrap.querySelector('.pct').textContent = formatPercent(p);
  }

  function renderDetection(td, detection, now) {
    td.replaceChildren();
    if (!detection) {
      td.dataset.value = '';
      td.textContent = '–';
      return;
    }
    td.dataset.value = detection.time || '';
    const body = cellBody(td);
    body.classList.add('detection');
    const boxes = typeof detection.boxes === 'number' ? detection.boxes : 0;
    const label = document.createElement('span');
    if (boxes === 0) {
      // Sensors configured with report_empty send events with no boxes: say so rather than show a blank label.
      label.className = 'det-none';
      label.textContent = 'nothing';
    } else {
      label.className = 'det-label';
      const what = detection.topLabel || detection.detector || 'detection';
      const score = typeof detection.topScore === 'number' ? ` ${Math.round(detection.topScore * 100)} %` : '';
      label.textContent = `${what}${score}`;
    }
    const meta = document.createElement('span');
    meta.className = 'det-meta';
    meta.textContent = boxes === 0
      ? ` · ${detectorText(detection.detector)} detector, `
      : ` · ${detectorText(detection.detector)}, ${boxes} box${boxes === 1 ? '' : 'es'}, `;
    const time = document.createElement('time');
    time.dateTime = detection.time || '';
    time.textContent = relativeTime(detection.time, now);
    meta.appendChild(time);
    body.append(label, meta);
  }

  function renderRow(tr, device, now) {
    const before = tr.dataset.signature;
    const signature = JSON.stringify([device.state, device.lastSeen, device.batteryMv,
      device.stateOfChargePercent, device.temperatureC, device.lastDetection && device.lastDetection.time]);
    tr.dataset.state = device.state || 'unknown';
    tr.dataset.lastSeen = device.lastSeen || '';

    renderState(cell(tr, 'state'), device, now);
    renderLastSeen(cell(tr, 'lastSeen'), device, now);

    const mv = cell(tr, 'batteryMv');
    mv.dataset.value = device.batteryMv === null || device.batteryMv === undefined ? '' : String(device.batteryMv);
    mv.textContent = mv.dataset.value === '' ? '–' : `${device.batteryMv} mV`;

    renderCharge(cell(tr, 'stateOfCharge'), device);

    const temp = cell(tr, 'temperatureC');
    temp.dataset.value = device.temperatureC ?? '';
    temp.textContent = formatTemperature(device.temperatureC);

    renderDetection(cell(tr, 'lastDetection'), device.lastDetection, now);

    if (before !== undefined && before !== signature) {
      // Restart the highlight animation so a sighted user notices which sensor just reported.
      tr.classList.remove('changed');
      void tr.offsetWidth;
      tr.classList.add('changed');
    }
    tr.dataset.signature = signature;
  }

  function renderSummary(devices) {
    const count = (s) => devices.filter((d) => d.state === s).length;
    el.total.textContent = String(devices.length);
    el.online.textContent = String(count('online'));
    el.sleeping.textContent = String(count('sleeping'));
    el.offline.textContent = String(count('offline'));

    const withBattery = devices.filter((d) => typeof d.batteryMv === 'number');
    if (withBattery.length === 0) {
      el.lowest.textContent = '–';
      el.lowest.dataset.deviceId = '';
      return;
    }
    const lowest = withBattery.reduce((a, b) => (b.batteryMv < a.batteryMv ? b : a));
    el.lowest.dataset.deviceId = lowest.id;
    el.lowest.textContent = `${lowest.id} · ${lowest.batteryMv} mV (${formatPercent(lowest.stateOfChargePercent)})`;
  }

  function render(devices) {
    if (!Array.isArray(devices)) return;
    const now = Date.now();
    const sorted = [...devices].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const existing = new Map([...el.rows.querySelectorAll('tr[data-device-id]')].map((tr) => [tr.dataset.deviceId, tr]));

    sorted.forEach((device, index) => {
      let tr = existing.get(device.id);
      if (!tr) tr = createRow(device.id);
      existing.delete(device.id);
      renderRow(tr, device, now);
      if (el.rows.children[index] !== tr) el.rows.insertBefore(tr, el.rows.children[index] || null);
    });
    existing.forEach((tr) => tr.remove());

    el.noDevices.hidden = sorted.length > 0;
    renderSummary(sorted);
    lastUpdate = now;
    el.updatedAt.dateTime = new Date(now).toISOString();
    el.updatedAt.textContent = new Date(now).toLocaleTimeString();
  }

  // Relative times ("12 s ago") go stale without new data; refresh just those texts every second.
  function tickRelativeTimes() {
    const now = Date.now();
    el.rows.querySelectorAll('td[data-field="lastSeen"] time, td[data-field="lastDetection"] time').forEach((t) => {
      t.textContent = relativeTime(t.dateTime, now);
    });
    el.rows.querySelectorAll('.next-wake').forEach((n) => {
      n.textContent = nextWakeText(n.dataset.nextWakeAt, now);
    });
  }

  // ---- connection -------------------------------------------------------------------------------------------

  function setConnection(mode, text) {
    el.connection.dataset.connection = mode;
    el.connectionText.textContent = text;
  }

  async function pollOnce() {
    try {
      const response = await fetch(LIST_URL, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
      lastPollFailed = false;
      if (el.connection.dataset.connection !== 'live') setConnection('reconnecting', 'reconnecting · polling every 5 s');
    } catch {
      lastPollFailed = true;
      if (el.connection.dataset.connection !== 'live') setConnection('offline', 'reconnecting · gateway unreachable');
    }
  }

  function startPolling() {
    if (pollTimer !== null) return;
    pollOnce();
    pollTimer = setInterval(pollOnce, POLL_INTERVAL_MS);
  }

  function stopPolling() {
    if (pollTimer === null) return;
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function openStream() {
    streamRetryTimer = null;
    if (typeof EventSource === 'undefined') {
      startPolling();
      return;
    }
    const es = new EventSource(STREAM_URL);
    source = es;
    es.addEventListener('devices', (event) => {
      streamFailures = 0;
      stopPolling();
      setConnection('live', 'live');
      try {
        render(JSON.parse(event.data));
      } catch {
        // A malformed frame is skipped; the next one carries the whole list again.
      }
    });
    es.onerror = () => {
      // We take over reconnection (EventSource's own retry never falls back to polling).
      es.close();
      if (source === es) source = null;
      if (lastPollFailed) setConnection('offline', 'reconnecting · gateway unreachable');
      else setConnection('reconnecting', 'reconnecting…');
      startPolling();
      const delay = STREAM_RETRY_MS[Math.min(streamFailures, STREAM_RETRY_MS.length - 1)];
      streamFailures += 1;
      if (streamRetryTimer === null) streamRetryTimer = setTimeout(openStream, delay);
    };
  }

  setInterval(tickRelativeTimes, RELATIVE_TICK_MS);
  openStream();
  // Paint something even if the stream takes a while to deliver its first event.
  setTimeout(() => { if (lastUpdate === null) pollOnce(); }, 1500);
})();
