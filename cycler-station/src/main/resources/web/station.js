// The station's web view (docs/station.md). Plain script, no build step. Every text that comes
// from the station (channel, barcode, recipe, job and alarm text) goes into the page through
// textContent, never as markup. The token lives in sessionStorage and travels as a bearer header;
// the event stream is read with fetch so that it carries the header too.
"use strict";

const API = "/api/v1/";
const TERMINAL = new Set(["DONE", "STOPPED", "UNSAFE", "FAULT"]);
/** Most points a channel chart keeps; older data is thinned to this. */
const MAX_POINTS = 20000;

const state = {
  token: sessionStorage.getItem("cycler-token"),
  session: null,
  devices: [],
  tiles: new Map(),      // "device/channel" -> {el, fields, last}
  jobs: [],
  channelJob: new Map(), // "device/channel" -> the job that last ran there
  alarms: [],
  open: null,            // {job, device, channel, plot, data, steps}
  stream: null,
};

function $(id) { return document.getElementById(id); }

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fmt(x, digits) {
  if (typeof x !== "number" || !isFinite(x)) return "";
  const text = x.toFixed(digits);
  // a reading that rounds to zero shows no sign: "-0.000 A" is noise, not a direction
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** A current with three decimals below 10 A and two from 10 A, judged after rounding (9.9996 is 10.00). */
function fmtCurrent(a) {
  return fmt(a, typeof a === "number" && Math.abs(a) >= 9.9995 ? 2 : 3);
}

async function api(path, options) {
  const o = options || {};
  const headers = { "Authorization": "Bearer " + state.token };
  if (o.body !== undefined) headers["Content-Type"] = "application/json";
  if (o.method === "POST" && state.session) headers["X-CSRF-Token"] = state.session.csrf;
  const response = await fetch(API + path, {
    method: o.method || "GET", headers: headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  if (o.raw) {
    if (!response.ok) throw new Error((await response.json()).error);
    return response;
  }
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

// ---- login --------------------------------------------------------------------------------

async function login(token) {
  state.token = token;
  try {
    state.session = await api("session");
  } catch (e) {
    state.token = null;
    sessionStorage.removeItem("cycler-token");
    $("login-error").textContent = e.status === 401 ? "unknown token" : e.message;
    return;
  }
  sessionStorage.setItem("cycler-token", token);
  $("login-error").textContent = "";
  document.body.classList.toggle("role-read", state.session.role !== "operator");
  $("who").textContent = state.session.name + " (" + state.session.role + ")";
  $("nav").hidden = false;
  $("logout").hidden = false;
  state.devices = await api("devices");
  buildTray();
  await Promise.all([refreshJobs(), refreshAlarms()]);
  if (state.session.role === "operator") await loadSubmitForm();
  show("tray");
  listen();
}

function logout() {
  sessionStorage.removeItem("cycler-token");
  location.reload();
}

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== view;
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.view === view);
  if (view !== "channel" && state.open) closeChannel();
}

// ---- tray ---------------------------------------------------------------------------------

const FIELDS = ["barcode", "state", "step", "cycle", "v", "i", "t", "ah"];

function buildTray() {
  const root = $("devices");
  root.replaceChildren();
  state.tiles.clear();
  for (const device of state.devices) {
    const section = el("section", null, "device");
    section.append(el("h2", device.name + " (" + device.channels + " channels)"));
    const grid = el("div", null, "grid");
    grid.dataset.device = device.name;
    const fragment = document.createDocumentFragment();
    for (let ch = 1; ch <= device.channels; ch++) {
      const tile = el("div", null, "tile idle");
      tile.dataset.device = device.name;
      tile.dataset.channel = String(ch);
      tile.id = "tile-" + device.name + "-" + ch;
      const head = el("div");
      head.append(el("span", "ch " + ch, "ch"));
      const fields = {};
      fields.state = el("span", "", "state");
      head.append(fields.state);
      tile.append(head);
      const code = el("div", null, "code");
      fields.barcode = el("span", "", "barcode");
      code.append(fields.barcode);
      tile.append(code);
      const rows = [["step", "cycle"], ["v", "i"], ["t", "ah"]];
      for (const row of rows) {
        const line = el("div");
        for (const name of row) {
          if (fields[name]) continue;
          fields[name] = el("span", "", name);
          line.append(fields[name], document.createTextNode(" "));
        }
        tile.append(line);
      }
      fields.state.textContent = "idle";
      fragment.append(tile);
      state.tiles.set(device.name + "/" + ch, { el: tile, fields: fields, cls: "idle", values: {} });
    }
    grid.append(fragment);
    grid.addEventListener("click", event => {
      const tile = event.target.closest(".tile");
      if (tile) openChannel(tile.dataset.device, Number(tile.dataset.channel));
    });
    section.append(grid);
    root.append(section);
  }
}

function tileClass(s) {
  switch (s.state) {
    case "RUNNING":
      if (s.step_type === "REST") return "rest";
      return s.step_type && s.step_type.endsWith("_CHG") ? "charge" : "discharge";
    case "PAUSED": return "paused";
    case "DONE": return "done";
    case "STOPPED": return "stopped";
    case "UNSAFE": return "unsafe";
    case "FAULT": return "fault";
    default: return "idle";
  }
}

function setTile(tile, cls, values) {
  if (tile.cls !== cls) {
    tile.el.classList.replace(tile.cls, cls);
    tile.cls = cls;
  }
  for (const name of FIELDS) {
    const text = values[name] === undefined ? "" : values[name];
    if (tile.values[name] !== text) {
      tile.values[name] = text;
      tile.fields[name].textContent = text;
    }
  }
}

function tileValues(job, s) {
  return {
    barcode: (job.barcodes && job.barcodes[s.channel]) || "",
    state: s.state.toLowerCase(),
    step: "step " + s.step_id + " ·",
    cycle: "cycle " + s.cycle_count + " · job " + job.id,
    v: fmt(s.voltage_v, 3) + " V",
    i: fmtCurrent(s.current_a) + " A",
    t: fmt(s.temperature_c, 1) + " °C",
    ah: fmt(s.step_capacity_ah, 3) + " Ah",
  };
}

function onSnapshot(running) {
  const seen = new Set();
  for (const job of running) {
    for (const s of job.channel_states || []) {
      const key = job.device + "/" + s.channel;
      const tile = state.tiles.get(key);
      if (!tile) continue;
      seen.add(key);
      tile.job = job.id;
      setTile(tile, tileClass(s), tileValues(job, s));
      if (state.open && state.open.job === job.id && state.open.channel === s.channel) liveSample(job, s);
    }
  }
  for (const [key, tile] of state.tiles) {
    if (!seen.has(key) && tile.cls !== "idle" && !["done", "stopped", "unsafe", "fault"].includes(tile.cls)) {
      setTile(tile, "idle", { state: "idle" });
    }
  }
}

function jobEnded(job) {
  for (const ch of job.channels) {
    const tile = state.tiles.get(job.device + "/" + ch);
    if (!tile || tile.job !== job.id) continue;
    const values = Object.assign({}, tile.values);
    if (job.state === "DONE") {
      values.state = "done";
      setTile(tile, tile.cls === "unsafe" || tile.cls === "fault" || tile.cls === "stopped" ? tile.cls : "done", values);
    } else if (job.state === "STOPPED" || job.state === "FAILED") {
      values.state = tile.cls === "unsafe" || tile.cls === "fault" ? values.state : job.state.toLowerCase();
      setTile(tile, tile.cls === "unsafe" || tile.cls === "fault" ? tile.cls : "stopped", values);
    }
  }
}

// ---- event stream -------------------------------------------------------------------------

async function listen() {
  const link = $("link");
  for (;;) {
    try {
      const response = await fetch(API + "events", {
        headers: { "Authorization": "Bearer " + state.token, "Accept": "text/event-stream" } });
      if (!response.ok) throw new Error("events: " + response.status);
      link.textContent = "live";
      link.classList.remove("down");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      console.info("event stream: " + e.message + "; trying again");
    }
    link.textContent = "reconnecting";
    link.classList.add("down");
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

function dispatch(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (data.length === 0) return;
  const body = JSON.parse(data.join("\n"));
  if (event === "snapshot") onSnapshot(body);
  else if (event === "job") {
    if (TERMINAL.has(body.state) || body.state === "FAILED") jobEnded(body);
    refreshJobs();
  } else if (event === "alarm") refreshAlarms();
}

// ---- jobs ---------------------------------------------------------------------------------

let jobsPending = null;

function refreshJobs() {
  if (jobsPending) return jobsPending;
  jobsPending = api("jobs").then(jobs => {
    state.jobs = jobs;
    for (const job of jobs) {
      for (const ch of job.channels) state.channelJob.set(job.device + "/" + ch, job);
    }
    renderJobs();
  }).finally(() => { jobsPending = null; });
  return jobsPending;
}

function renderJobs() {
  const body = $("jobs-table").tBodies[0];
  const rows = [];
  for (const job of state.jobs.slice().reverse()) {
    const tr = el("tr");
    tr.id = "job-" + job.id;
    tr.append(el("td", job.id), el("td", job.state, "state"), el("td", job.device), el("td", ranges(job.channels)),
      el("td", job.recipe), el("td", job.submitted_by + (job.operator ? " for " + job.operator : "")),
      el("td", job.message));
    if (state.session.role === "operator") {
      const td = el("td", null, "operator");
      if (job.state === "RUNNING" || job.state === "PAUSED") {
        const channels = el("input");
        channels.placeholder = "e.g. 1-2";
        channels.className = "steer-channels";
        td.append(channels);
        for (const action of ["pause", "resume", "stop"]) {
          const b = el("button", action);
          b.type = "button";
          b.className = "steer-" + action;
          b.addEventListener("click", () => steer(job, action, channels.value.trim()));
          td.append(b);
        }
      } else if (job.state === "QUEUED") {
        const b = el("button", "cancel");
        b.type = "button";
        b.className = "steer-cancel";
        b.addEventListener("click", () => steer(job, "cancel", ""));
        td.append(b);
      }
      tr.append(td);
    }
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function ranges(channels) {
  const out = [];
  for (let k = 0; k < channels.length; k++) {
    let j = k;
    while (j + 1 < channels.length && channels[j + 1] === channels[j] + 1) j++;
    out.push(j > k ? channels[k] + "-" + channels[j] : String(channels[k]));
    k = j;
  }
  return out.join(",");
}

async function steer(job, action, channels) {
  const what = "job " + job.id + (channels ? " channels " + channels : " (all its channels)");
  if (!confirm(action.charAt(0).toUpperCase() + action.slice(1) + " " + what + "?")) return;
  try {
    await api("jobs/" + job.id + "/" + action, { method: "POST", body: channels ? { channels: channels } : {} });
  } catch (e) {
    alert(action + " " + what + ": " + e.message);
  }
  refreshJobs();
}

async function loadSubmitForm() {
  const recipes = await api("recipes");
  const select = $("submit-recipe");
  select.replaceChildren(el("option", recipes.recipes.length ? "choose a recipe" : "no recipes in the station's folder"));
  select.options[0].value = "";
  for (const name of recipes.recipes) {
    const o = el("option", name);
    o.value = name;
    select.append(o);
  }
  const devices = $("submit-device");
  devices.replaceChildren();
  for (const d of state.devices) {
    const o = el("option", d.name);
    o.value = d.name;
    devices.append(o);
  }
  select.addEventListener("change", checkRecipe);
  devices.addEventListener("change", pickerFor);
  $("submit-form").addEventListener("submit", submit);
  pickerFor();
}

let checked = null;

async function checkRecipe() {
  const name = $("submit-recipe").value;
  const out = $("submit-estimate");
  checked = null;
  $("submit-button").disabled = true;
  if (!name) { out.textContent = ""; return; }
  out.textContent = "checking " + name + " ...";
  const r = await api("recipes/" + encodeURIComponent(name));
  if (r.error) {
    out.textContent = r.error;
    out.className = "error";
    return;
  }
  out.className = "";
  const hours = r.estimate_s / 3600;
  out.textContent = r.recipe + ": " + r.steps + " steps, about " + (hours >= 1 ? hours.toFixed(1) + " h" : (r.estimate_s / 60).toFixed(0) + " min")
    + " on a nominal cell" + (r.completes ? "" : " (" + r.estimate_note + ")");
  checked = r;
  $("submit-button").disabled = false;
}

async function pickerFor() {
  const name = $("submit-device").value;
  const devices = await api("devices");
  const device = devices.find(d => d.name === name);
  const picker = $("submit-channels");
  picker.replaceChildren();
  if (!device) return;
  const busy = new Set(device.busyChannels);
  for (let ch = 1; ch <= device.channels; ch++) {
    const label = el("label", null, busy.has(ch) ? "busy" : "");
    const box = el("input");
    box.type = "checkbox";
    box.value = String(ch);
    label.append(box, document.createTextNode(String(ch)));
    picker.append(label);
  }
}

async function submit(event) {
  event.preventDefault();
  const channels = [...$("submit-channels").querySelectorAll("input:checked")].map(b => Number(b.value));
  const out = $("submit-result");
  if (!checked || channels.length === 0) {
    out.textContent = "choose a recipe and at least one channel";
    return;
  }
  if (!confirm("Submit " + checked.file + " on " + $("submit-device").value + " channels " + ranges(channels) + "?")) return;
  try {
    const job = await api("jobs", { method: "POST", body: {
      recipe: checked.text, recipe_file: checked.file, device: $("submit-device").value, channels: channels } });
    out.textContent = "job " + job.id + " " + job.state.toLowerCase();
    out.className = "";
  } catch (e) {
    out.textContent = e.message;
    out.className = "error";
  }
  refreshJobs();
  pickerFor();
}

// ---- alarms -------------------------------------------------------------------------------

async function refreshAlarms() {
  state.alarms = await api("alarms");
  renderAlarms();
}

function renderAlarms() {
  const all = $("alarms-all").checked;
  const open = state.alarms.filter(a => !a.acked_by);
  const count = $("alarm-count");
  count.textContent = String(open.length);
  count.classList.toggle("zero", open.length === 0);
  const rows = [];
  for (const a of state.alarms.slice().reverse()) {
    if (a.acked_by && !all) continue;
    const tr = el("tr", null, a.acked_by ? "acked" : "open");
    tr.id = "alarm-" + a.id;
    tr.append(el("td", a.id), el("td", a.kind, "kind"), el("td", a.device), el("td", a.job_id),
      el("td", a.channel || ""), el("td", a.barcode), el("td", a.message), el("td", a.raised_at));
    const td = el("td", a.acked_by ? a.acked_by + " at " + a.acked_at : "", "ack");
    if (!a.acked_by && state.session.role === "operator") {
      const b = el("button", "acknowledge");
      b.type = "button";
      b.className = "ack-button";
      b.addEventListener("click", async () => {
        try {
          await api("alarms/" + a.id + "/ack", { method: "POST", body: {} });
        } catch (e) {
          alert("acknowledge alarm " + a.id + ": " + e.message);
        }
        refreshAlarms();
      });
      td.append(b);
    }
    tr.append(td);
    rows.push(tr);
  }
  $("alarms-table").tBodies[0].replaceChildren(...rows);
}

// ---- channel view -------------------------------------------------------------------------

function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quoted) {
      if (c === '"' && text[k + 1] === '"') { field += '"'; k++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field.replace(/\r$/, "")); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  return rows; // a last line without its newline is still being written: left out
}

function columns(rows, names) {
  const header = rows[0] || [];
  return names.map(n => header.indexOf(n));
}

async function openChannel(device, channel) {
  const job = state.channelJob.get(device + "/" + channel);
  closeChannel();
  show("channel");
  $("channel-title").textContent = device + " channel " + channel;
  const status = $("channel-status");
  for (const id of ["channel-pause", "channel-resume", "channel-stop", "channel-download"]) $(id).hidden = !job;
  $("cycles").tBodies[0].replaceChildren();
  $("chart").replaceChildren();
  if (!job) {
    status.textContent = "no job has run on this channel since the station started";
    return;
  }
  const running = job.state === "RUNNING" || job.state === "PAUSED";
  for (const id of ["channel-pause", "channel-resume", "channel-stop"]) $(id).hidden = !running;
  status.textContent = "job " + job.id + " (" + job.recipe + ") " + job.state.toLowerCase()
    + ((job.barcodes && job.barcodes[channel]) ? ", cell " + job.barcodes[channel] : "");
  const open = { job: job.id, device: device, channel: channel, data: [[], [], [], []], steps: [], plot: null, drawn: 0 };
  state.open = open;
  try {
    const text = await (await api("jobs/" + job.id + "/channels/" + channel + "/data.csv", { raw: true })).text();
    const rows = parseCsv(text);
    const [t, v, i, temp, step] = columns(rows, ["Test Time / s", "Voltage / V", "Current / A",
      "Temperature T1 / degC", "Step ID"]);
    const every = Math.max(1, Math.ceil((rows.length - 1) / MAX_POINTS));
    for (let k = 1; k < rows.length; k += every) {
      addPoint(open, Number(rows[k][t]), Number(rows[k][v]), Number(rows[k][i]), Number(rows[k][temp]), Number(rows[k][step]));
    }
  } catch (e) {
    status.textContent += " (no data yet: " + e.message + ")";
  }
  if (state.open !== open) return;
  open.plot = makePlot(open);
  refreshCycles(open);
}

function closeChannel() {
  if (state.open && state.open.plot) state.open.plot.destroy();
  state.open = null;
}

function addPoint(open, t, v, i, temp, step) {
  const [ts, vs, is, temps] = open.data;
  if (!isFinite(t) || (ts.length && t <= ts[ts.length - 1])) return;
  ts.push(t); vs.push(v); is.push(i); temps.push(temp);
  const last = open.steps[open.steps.length - 1];
  if (!last || last.step !== step) open.steps.push({ step: step, from: t, to: t });
  else last.to = t;
}

function liveSample(job, s) {
  const open = state.open;
  if (!open.plot) return;
  addPoint(open, s.test_time_s, s.voltage_v, s.current_a, s.temperature_c, s.step_id);
  const now = performance.now();
  if (now - open.drawn >= 1000) {
    open.drawn = now;
    open.plot.setData(open.data);
  }
  if (s.cycle_count !== open.cycle) {
    open.cycle = s.cycle_count;
    refreshCycles(open);
  }
}

const STEP_SHADES = ["rgba(76,110,245,0.07)", "rgba(250,176,5,0.10)"];

function makePlot(open) {
  const width = Math.max(400, $("chart").clientWidth || 900);
  const shade = {
    hooks: {
      drawClear: [u => {
        const ctx = u.ctx;
        ctx.save();
        open.steps.forEach((s, k) => {
          const x0 = u.valToPos(s.from, "x", true);
          const x1 = u.valToPos(s.to, "x", true);
          ctx.fillStyle = STEP_SHADES[k % 2];
          ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
        });
        ctx.restore();
      }],
    },
  };
  return new uPlot({
    width: width, height: 360, plugins: [shade],
    // at least 2 °C across, so a sensor's 0.1 °C of noise does not fill the chart
    scales: { x: { time: false }, degC: { range: (u, min, max) => atLeastSpan(min, max, 2) } },
    axes: [{ label: "test time / s" }, { scale: "V", label: "V" }, { scale: "A", side: 1, label: "A", grid: { show: false } },
      { scale: "degC", side: 1, label: "°C", size: 64, grid: { show: false } }],
    series: [{ label: "t / s" },
      { label: "voltage / V", scale: "V", stroke: "#1c7ed6", value: (u, x) => fmt(x, 4) },
      { label: "current / A", scale: "A", stroke: "#e8590c", value: (u, x) => fmt(x, 4) },
      { label: "temperature / °C", scale: "degC", stroke: "#2b8a3e", value: (u, x) => fmt(x, 2) }],
  }, open.data, $("chart"));
}

/** [min, max] widened about its middle to at least {@code span}. */
function atLeastSpan(min, max, span) {
  if (min === null || max === null || !isFinite(min) || !isFinite(max)) return [0, span];
  const mid = (min + max) / 2;
  const half = Math.max(span, max - min) / 2;
  return [mid - half, mid + half];
}

async function refreshCycles(open) {
  let text;
  try {
    text = await (await api("jobs/" + open.job + "/cycles.csv", { raw: true })).text();
  } catch (e) {
    return;
  }
  if (state.open !== open) return;
  const rows = parseCsv(text);
  const [ch, cycle, charge, discharge, ce] = columns(rows, ["Channel", "Cycle Count / 1", "Charging Capacity / Ah",
    "Discharging Capacity / Ah", "Coulombic Efficiency / 1"]);
  const out = [];
  for (const r of rows.slice(1)) {
    if (Number(r[ch]) !== open.channel) continue;
    const tr = el("tr");
    tr.append(el("td", r[cycle]), el("td", fmt(Number(r[charge]), 4)), el("td", fmt(Number(r[discharge]), 4)),
      el("td", r[ce] === "" ? "" : fmt(Number(r[ce]), 4)));
    out.push(tr);
  }
  if (out.length === 0) {
    const none = el("td", "no cycle completed yet: a cycle's row appears when its discharge ends", "empty");
    none.colSpan = 4;
    const tr = el("tr");
    tr.append(none);
    out.push(tr);
  }
  $("cycles").tBodies[0].replaceChildren(...out);
}

async function steerChannel(action) {
  const open = state.open;
  if (!open) return;
  const job = state.jobs.find(j => j.id === open.job);
  if (job) await steer(job, action, String(open.channel));
}

async function download(event) {
  event.preventDefault();
  const open = state.open;
  if (!open) return;
  const response = await api("jobs/" + open.job + "/channels/" + open.channel + "/data.csv", { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const a = el("a");
  a.href = url;
  a.download = "job-" + open.job + "-ch-" + String(open.channel).padStart(3, "0") + ".bdf.csv";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring -------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", event => {
    event.preventDefault();
    login($("token").value.trim());
  });
  $("logout").addEventListener("click", logout);
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  $("alarms-all").addEventListener("change", renderAlarms);
  $("channel-back").addEventListener("click", () => show("tray"));
  $("channel-pause").addEventListener("click", () => steerChannel("pause"));
  $("channel-resume").addEventListener("click", () => steerChannel("resume"));
  $("channel-stop").addEventListener("click", () => steerChannel("stop"));
  $("channel-download").addEventListener("click", download);
  if (state.token) login(state.token);
});
