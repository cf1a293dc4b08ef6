// Live dashboard: one Server-Sent Events stream of snapshots from monitor-service, no external assets.
const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat();

function text(id, value) { $(id).textContent = value; }

// Milliseconds up to 10 s; beyond, seconds, minutes or hours (a monitor catching up sees events hours old).
function duration(ms) {
  if (ms < 10_000) return `${number.format(ms)} ms`;
  if (ms < 120_000) return `${number.format(Math.round(ms / 1000))} s`;
  if (ms < 7_200_000) return `${number.format(Math.round(ms / 60_000))} min`;
  return `${number.format(Math.round(ms / 3_600_000))} h`;
}

function bytes(n) {
  if (n < 1024) return `${number.format(n)} B`;
  if (n < 1024 ** 2) return `${number.format(Math.round(n / 1024))} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

// The replication slot's retained WAL: amber while no connector reads the slot, red past producer-service's threshold.
function replicationSlot(slot) {
  const known = slot.state !== 'UNKNOWN';
  text('slot', known ? bytes(slot.retainedWalBytes) : '–');
  text('slot-note', known
    ? `${slot.active ? 'streaming' : 'no connector reading'} · warning at ${bytes(slot.warningBytes)}`
    : slot.problem);
  $('slot').classList.toggle('alarm', slot.state === 'WARNING');
  $('slot').classList.toggle('warn', known && slot.state !== 'WARNING' && !slot.active);
}

function bars(id, counts) {
  const entries = Object.entries(counts);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  $(id).replaceChildren(...entries.map(([name, n]) => {
    const li = document.createElement('li');
    li.innerHTML = `<span></span><span class="bar"></span><span class="count"></span>`;
    li.children[0].textContent = name;
    li.children[1].style.width = `${Math.max(2, 100 * n / max)}%`;
    li.children[2].textContent = number.format(n);
    return li;
  }));
}

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = value ?? '';
  row.appendChild(td);
}

function movementRow(m) {
  const tr = document.createElement('tr');
  tr.dataset.trackingCode = m.trackingCode;
  cell(tr, new Date(m.seenAtMs).toLocaleTimeString());
  cell(tr, m.trackingCode);
  cell(tr, m.customerId);
  cell(tr, m.previousStatus ? `${m.previousStatus} → ${m.status}` : (m.op === 'r' ? `${m.status} (snapshot)` : m.status));
  cell(tr, `${m.actualAddress} → ${m.nextAddress ?? '–'}`);
  cell(tr, duration(m.latencyMs));
  tr.addEventListener('click', () => showHistory(m.trackingCode));
  return tr;
}

function render(s) {
  text('events', number.format(s.events));
  text('rate', number.format(s.eventsPerSecond));
  text('p50', s.events ? duration(s.latencyP50Ms) : '–');
  text('p99', s.events ? duration(s.latencyP99Ms) : '–');
  text('lag', number.format(s.lag));
  text('duplicates', number.format(s.duplicates));
  text('malformed', number.format(s.malformed));
  text('expired', number.format(s.expired));
  $('expired').classList.toggle('alarm', s.expired > 0);
  replicationSlot(s.replicationSlot);
  bars('statuses', s.byStatus);
  bars('operations', s.byOperation);
  $('latest').replaceChildren(...s.latest.slice(0, 15).map(movementRow));
  if (s.customers.length) {
    $('customers').replaceChildren(...s.customers.map(customerPanel));
  }
}

function customerPanel(c) {
  const div = document.createElement('div');
  div.className = 'customer';
  div.id = `customer-${c.customerId}`;
  const figures = [
    ['delivered', number.format(c.delivered)], ['in flight', number.format(c.inFlight)],
    ['backlog', number.format(c.backlog)], ['retries', number.format(c.retries)],
    ['dead-lettered', number.format(c.deadLettered)],
    ['expired undelivered', number.format(c.expired)],
    ['delivery p50', c.delivered ? duration(c.latencyP50Ms) : '–'],
    ['delivery p99', c.delivered ? duration(c.latencyP99Ms) : '–'],
  ];
  div.innerHTML = `<h3><span></span><span class="circuit"></span></h3><dl></dl>`;
  div.querySelector('h3 span').textContent = `Customer ${c.customerId}`;
  const circuit = div.querySelector('.circuit');
  circuit.textContent = `circuit ${c.circuit.toLowerCase().replace('_', '-')}`;
  circuit.classList.add(c.circuit);
  div.querySelector('dl').replaceChildren(...figures.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
  return div;
}

async function showHistory(code) {
  const response = await fetch(`packages/${encodeURIComponent(code)}/history`);
  const history = await response.json();
  text('history-code', code);
  $('history').replaceChildren(...history.map((m) => {
    const li = document.createElement('li');
    li.textContent = `${new Date(m.committedAtMs).toLocaleTimeString()}  ${m.status} at ${m.actualAddress}` +
      (m.nextAddress ? `, next ${m.nextAddress}` : '');
    return li;
  }));
  $('history-panel').hidden = false;
}

$('history-close').addEventListener('click', () => { $('history-panel').hidden = true; });

function connect() {
  const source = new EventSource('dashboard/stream');
  source.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'badge live'; };
  source.onmessage = (event) => render(JSON.parse(event.data));
  source.onerror = () => { $('connection').textContent = 'reconnecting…'; $('connection').className = 'badge down'; };
}
connect();
