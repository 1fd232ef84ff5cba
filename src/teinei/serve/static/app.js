// teinei serve: the page. Vanilla JavaScript, no build step and nothing fetched but this server's own API.
"use strict";

const DEBOUNCE_MS = 300;
const SEVERITY = { error: "エラー", warning: "警告", info: "情報" };
const RANK = { info: 1, warning: 2, error: 3 };
const $ = (id) => document.getElementById(id);

const state = {
  sequence: 0,        // the latest check sent; older answers are dropped
  timer: 0,
  result: null,       // the last answer of /api/check?detail=true
  checked: null,      // {text, subject} that answer is about
  attachments: null,  // file names of a loaded .eml (null: none known)
  sentAt: null,       // a loaded .eml's Date header, used while the date field keeps its day
  rules: new Map(),   // rule id -> why (its description)
  note: "",           // what was just done, said before the next count of findings
};

// The server counts characters (code points); JavaScript strings count UTF-16 units.
function unitIndex(text, codePoints) {
  let index = 0;
  for (let n = 0; n < codePoints && index < text.length; n++) {
    index += text.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

function setStatus(message, problem = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("problem", problem);
}

function request() {
  const body = { text: $("body").value, profile: $("profile").value };
  const subject = $("subject").value;
  if (subject.trim() || state.attachments) body.subject = subject;
  if (state.attachments) body.attachments = state.attachments;
  const day = $("date").value;
  if (state.sentAt && day === state.sentAt.slice(0, 10)) body.date = state.sentAt;
  else if (day) body.date = day;
  return body;
}

async function post(url, body, type = "application/json") {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": type },
    body: type === "application/json" ? JSON.stringify(body) : body,
  });
  let data = null;
  try { data = await response.json(); } catch { data = { error: `サーバーの応答を読めませんでした（${response.status}）。` }; }
  return { ok: response.ok, data };
}

function schedule() {
  clearTimeout(state.timer);
  paint();  // drop marks that no longer fit the text at once; the findings come back with the next answer
  state.timer = setTimeout(check, DEBOUNCE_MS);
}

async function check() {
  clearTimeout(state.timer);
  const body = request();
  const sequence = ++state.sequence;
  if (!body.text.trim()) {  // a new draft: a loaded .eml's attachments and time no longer apply
    state.result = state.checked = state.attachments = state.sentAt = null;
    $("attachments").hidden = true;
    render();
    setStatus("本文を入力すると、ここに指摘が表示されます。");
    return;
  }
  setStatus("確認しています…");
  let answer;
  try {
    answer = await post("/api/check?detail=true", body);
  } catch {
    if (sequence === state.sequence) setStatus("サーバーに接続できません。teinei serve が動いているか確かめてください。", true);
    return;
  }
  if (sequence !== state.sequence) return;
  if (!answer.ok) {
    state.result = state.checked = null;
    render();
    setStatus(answer.data.error, true);
    return;
  }
  state.result = answer.data;
  state.checked = { text: body.text, subject: body.subject ?? $("subject").value };
  render();
}

// Whether the last answer's offsets index the editor's text (see paint).
function aligned() {
  return current() && state.result.document.text === $("body").value;
}

function findings() {
  return state.result ? state.result.files[0].findings : [];
}

function current() {
  return state.checked !== null && state.checked.text === $("body").value && state.checked.subject === $("subject").value;
}

// The backdrop: the body's text again, with the flagged spans marked by severity and the quoted part and
// signature greyed. Segments are cut at every boundary, so overlapping findings show the worst severity.
function paint() {
  const text = $("body").value;
  const backdrop = $("backdrop");
  backdrop.replaceChildren();
  const spans = [];
  const foreign = [];
  // Offsets index the text as the server read it: a draft typed with mail headers was read as a message, and
  // its body is not the editor's text, so nothing is marked then.
  if (aligned()) {
    for (const [index, finding] of findings().entries()) {
      if (finding.part !== "body") continue;
      const start = unitIndex(text, finding.start);
      const end = Math.max(unitIndex(text, finding.end), Math.min(start + 1, text.length));
      spans.push({ start, end, severity: finding.severity, index });
    }
    for (const region of state.result.document.regions.body) {
      foreign.push({ start: unitIndex(text, region.start), end: unitIndex(text, region.end) });
    }
  }
  const cuts = new Set([0, text.length]);
  for (const s of [...spans, ...foreign]) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const piece = text.slice(start, end);
    const covering = spans.filter((s) => s.start <= start && end <= s.end);
    const greyed = foreign.some((s) => s.start <= start && end <= s.end);
    let node;
    if (covering.length) {
      const worst = covering.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
      node = document.createElement("mark");
      node.className = `sev-${worst.severity}`;
      node.dataset.finding = String(worst.index);
      node.textContent = piece;
    } else if (greyed) {
      node = document.createElement("span");
      node.className = "foreign";
      node.textContent = piece;
    } else {
      node = document.createTextNode(piece);
    }
    backdrop.append(node);
  }
  backdrop.append(document.createTextNode(text.endsWith("\n") ? " " : ""));  // the textarea's last empty line
  fitHeight();
}

function fitHeight() {
  const body = $("body");
  body.style.height = "auto";
  body.style.height = `${body.scrollHeight + 2}px`;
}

function where(finding) {
  if (finding.part === "subject") return `件名 ${finding.column}文字目`;
  return `${finding.line}行${finding.column}文字目`;
}

function render() {
  paint();
  const list = $("findings");
  list.replaceChildren();
  const all = current() ? findings() : [];
  const worst = all.filter((f) => f.part === "subject").map((f) => f.severity).sort((a, b) => RANK[b] - RANK[a])[0];
  $("subject").className = worst ? `sev-${worst}` : "";
  for (const [index, finding] of all.entries()) list.append(item(finding, index));
  $("fix-all").disabled = !all.some((f) => f.fix && f.fix.applicability === "safe");
  if (state.result) {
    const count = state.result.summary.findings;
    setStatus(state.note + (count ? `指摘が ${count} 件あります。` : "指摘はありません。このまま送れます。"));
    state.note = "";
  }
}

function item(finding, index) {
  const li = document.createElement("li");
  li.className = `finding sev-${finding.severity}`;
  li.dataset.rule = finding.rule;
  const head = document.createElement("div");
  head.className = "head";
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = SEVERITY[finding.severity] ?? finding.severity;
  const place = document.createElement("span");
  place.textContent = where(finding);
  const rule = document.createElement("code");
  rule.textContent = finding.rule;
  head.append(badge, place, rule);
  const message = document.createElement("p");
  message.className = "message";
  message.textContent = finding.message;
  li.append(head, message);
  const why = state.rules.get(finding.rule);
  if (why) {
    const p = document.createElement("p");
    p.className = "why";
    p.textContent = `理由：${why}`;
    li.append(p);
  }
  if (finding.suggestions.length) {
    const ul = document.createElement("ul");
    for (const suggestion of finding.suggestions) {
      const s = document.createElement("li");
      s.textContent = suggestion;
      ul.append(s);
    }
    li.append(ul);
  }
  const buttons = document.createElement("div");
  buttons.className = "buttons";
  if (finding.fix && (finding.part === "subject" || aligned())) {
    const apply = document.createElement("button");
    apply.type = "button";
    apply.className = "apply";
    apply.dataset.applicability = finding.fix.applicability;
    apply.textContent = fixLabel(finding.fix);
    apply.addEventListener("click", () => applyFix(index));
    buttons.append(apply);
  }
  const show = document.createElement("button");
  show.type = "button";
  show.textContent = finding.part === "subject" ? "件名で示す" : "本文で示す";
  show.addEventListener("click", () => reveal(finding));
  buttons.append(show);
  li.append(buttons);
  return li;
}

// What a fix button says: the rewrite itself when it is short; a display-only rewrite is an example with
// slots (〇〇) to fill in, an unsafe one needs the writer's check.
function fixLabel(fix) {
  if (fix.applicability === "display") return "例文を入れる（〇〇を書き換えてください）";
  const careful = fix.applicability === "unsafe" ? "（要確認）" : "";
  if (!fix.replacement) return `削除する${careful}`;
  const shown = fix.replacement.length > 30 ? `${fix.replacement.slice(0, 30)}…` : fix.replacement;
  return fix.start === fix.end ? `「${shown}」を入れる${careful}` : `「${shown}」に直す${careful}`;
}

function field(finding) {
  return finding.part === "subject" ? $("subject") : $("body");
}

function reveal(finding) {
  const input = field(finding);
  const text = input.value;
  input.focus();
  input.setSelectionRange(unitIndex(text, finding.start), unitIndex(text, finding.end));
}

// One rewrite: the finding's span replaced in place (through the editing commands, so Ctrl+Z undoes it).
function applyFix(index) {
  if (!current()) { check(); return; }
  const finding = findings()[index];
  const input = field(finding);
  const text = input.value;
  const start = unitIndex(text, finding.fix.start);
  const end = unitIndex(text, finding.fix.end);
  const replacement = finding.fix.replacement;
  input.focus();
  input.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, replacement) || input.value === text) {
    input.setRangeText(replacement, start, end, "end");
  }
  const slot = finding.fix.applicability === "display" ? replacement.search(/[〇○]{2}/) : -1;
  if (slot >= 0) {  // an example: the first slot is selected, so that typing replaces it
    input.setSelectionRange(start + slot, start + slot + 2);
    state.note = "例文を入れました。選択されている〇〇を書き換えてください。";
  } else {
    state.note = "修正しました。";
  }
  check();
}

async function fixAll() {
  const body = request();
  if (!body.text.trim()) return;
  let answer;
  try {
    answer = await post("/api/fix", body);
  } catch {
    setStatus("サーバーに接続できません。teinei serve が動いているか確かめてください。", true);
    return;
  }
  if (!answer.ok) { setStatus(answer.data.error, true); return; }
  const input = $("body");
  if (answer.data.text !== input.value) {
    input.focus();
    input.select();
    if (!document.execCommand("insertText", false, answer.data.text) || input.value !== answer.data.text) {
      input.value = answer.data.text;
    }
  }
  state.note = `${answer.data.applied.length} 件を修正しました。`;
  await check();
}

async function copy() {
  const text = $("body").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const input = $("body");
    input.focus();
    input.select();
    document.execCommand("copy");
  }
  setStatus("本文をコピーしました。");
}

async function loadEml(file) {
  if (!file) return;
  const query = new URLSearchParams({ detail: "true", profile: $("profile").value });
  if ($("date").value) query.set("date", $("date").value);
  let answer;
  try {
    answer = await post(`/api/check-eml?${query}`, file, "message/rfc822");
  } catch {
    setStatus("サーバーに接続できません。teinei serve が動いているか確かめてください。", true);
    return;
  }
  if (!answer.ok) { setStatus(`${file.name}: ${answer.data.error}`, true); return; }
  const message = answer.data.document;
  $("subject").value = message.subject ?? "";
  $("body").value = message.text;
  state.attachments = message.attachments;
  const names = $("attachments");
  names.hidden = false;
  names.textContent = message.attachments.length ? `添付ファイル：${message.attachments.join("、")}` : "添付ファイル：なし";
  state.sentAt = message.date;
  if (message.date) $("date").value = message.date.slice(0, 10);
  await check();
}

async function loadRules() {
  try {
    const response = await fetch("/api/rules");
    for (const rule of await response.json()) state.rules.set(rule.id, rule.description);
    if (state.result) render();
  } catch { /* the findings still show; only the reasons are missing */ }
}

function dropZone() {
  const zone = $("drop-zone");
  let depth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
  document.addEventListener("dragenter", (event) => {
    if (!carriesFiles(event)) return;
    depth++;
    zone.hidden = false;
  });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; zone.hidden = true; } });
  document.addEventListener("dragover", (event) => { if (carriesFiles(event)) event.preventDefault(); });
  document.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    zone.hidden = true;
    loadEml(event.dataTransfer.files[0]);
  });
}

function start() {
  $("body").addEventListener("input", schedule);
  $("subject").addEventListener("input", schedule);
  $("profile").addEventListener("change", check);
  $("date").addEventListener("change", check);
  $("fix-all").addEventListener("click", fixAll);
  $("copy").addEventListener("click", copy);
  $("eml").addEventListener("change", (event) => loadEml(event.target.files[0]));
  window.addEventListener("resize", fitHeight);
  dropZone();
  loadRules();
  render();
  $("fix-all").disabled = true;
  if ($("body").value.trim()) check();
}

start();
