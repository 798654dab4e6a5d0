// The page of `orderbridge serve`. Plain DOM, no framework. Every value that comes from an
// export or a profile is put into the page as text (textContent, createTextNode), never as
// HTML. Catalog keys are literal single-quoted arguments of t(), so that a test finds them.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang || "ja";
  let T = {};
  let profiles = [];
  let maxUpload = Infinity;
  let chosen = [];
  let asOfTouched = false;
  let busy = false;
  // The ledger's part of the page (ledger.js), given this file's helpers in init().
  let ledger = null;

  // A catalog message with {name} filled in.
  function t(key, args) {
    let s = Object.prototype.hasOwnProperty.call(T, key) ? T[key] : key;
    for (const [k, v] of Object.entries(args || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }

  // An element with attributes and children (strings become text nodes).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  const num = (n) => String(Math.trunc(Number(n) || 0)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rows = (n) => t('n-rows', { n: num(n) });
  function size(bytes) {
    const units = ["B", "KB", "MB", "GB"];
    let v = bytes, i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? String(v) : v.toFixed(1)) + " " + units[i];
  }
  // Only the server's own download addresses become links.
  const ownUrl = (u) => (typeof u === "string" && u.startsWith("/api/runs/") ? u : null);

  async function getJSON(url, method) {
    // Answers (errors too) come in the page's language, whatever the browser's.
    const headers = { Accept: "application/json", "Accept-Language": lang };
    const r = await fetch(url, { method: method || "GET", credentials: "same-origin", headers });
    let body = null;
    try { body = await r.json(); } catch (_) { body = null; }
    if (!r.ok) throw Object.assign(new Error("HTTP " + r.status), { status: r.status, body });
    return body;
  }

  function setStatus(text) { $("status").textContent = text || ""; }

  // --- 1. Profiles ---------------------------------------------------------------------------

  function profileByName(name) { return profiles.find((p) => p.name === name); }

  // A base (runnable = false) is listed, but only the profiles that extend it run.
  function usable(p) { return p.valid && p.runnable !== false; }

  function fillProfiles() {
    const sel = $("profile");
    sel.replaceChildren();
    const saved = localStorage.getItem("orderbridge.profile");
    for (const p of profiles) {
      const suffix = !p.valid ? " " + t('profile-invalid-suffix') : p.runnable === false ? " " + t('profile-base-suffix') : "";
      const label = p.name + (p.description ? " — " + p.description : "") + suffix;
      sel.append(el("option", { value: p.name, disabled: !usable(p) }, label));
    }
    const pick = profiles.find((p) => usable(p) && p.name === saved) || profiles.find(usable);
    if (pick) sel.value = pick.name;
    showProfile();
  }

  function showProfile() {
    const p = profileByName($("profile").value);
    const box = $("profile-problems");
    box.replaceChildren();
    $("profile-description").textContent = p ? t('profile-from', { origin: p.origin || t('profile-builtin') }) : "";
    if (!p) return;
    if (!asOfTouched && p.today) $("as-of").value = p.today;
    localStorage.setItem("orderbridge.profile", p.name);
    // Invalid profiles cannot be chosen; list their problems under the list.
    const invalid = profiles.filter((q) => !q.valid);
    for (const q of invalid) {
      box.append(el("div", { class: "problems" },
        el("p", {}, el("strong", {}, q.name), " ", t('profile-invalid')),
        el("pre", {}, q.problems.concat(q.tests.failed.map((f) => t('check-test-failed', { name: f.name }) + "\n" + f.diff)).join("\n"))));
    }
    $("check-profile").replaceChildren(...validationView(p));
  }

  function validationView(p) {
    const out = [el("h3", {}, t('check-profile', { name: p.name }))];
    const args = { run: num(p.tests.run), passed: num(p.tests.passed), problems: num(p.problem_count) };
    out.push(el("p", { class: p.valid ? "ok" : "bad" }, p.valid ? t('check-valid', args) : t('check-invalid', args)));
    if (p.problems.length) out.push(el("pre", { class: "problems" }, p.problems.join("\n")));
    for (const f of p.tests.failed) {
      out.push(el("p", { class: "bad" }, t('check-test-failed', { name: f.name })), el("pre", {}, f.diff));
    }
    return out;
  }

  // --- 2. Files ------------------------------------------------------------------------------

  function setFiles(list) {
    chosen = Array.from(list || []);
    const ul = $("file-list");
    ul.replaceChildren(...chosen.map((f) => el("li", {}, f.name, " ", el("span", { class: "muted" }, "(" + size(f.size) + ")"))));
    const total = chosen.reduce((s, f) => s + f.size, 0);
    const note = $("file-total");
    note.classList.remove("bad");
    if (!chosen.length) { note.textContent = t('no-files-chosen'); return; }
    if (total > maxUpload) {
      note.textContent = t('too-large', { size: size(total), limit: size(maxUpload) });
      note.classList.add("bad");
    } else {
      note.textContent = t('files-total', { count: num(chosen.length), size: size(total) });
    }
  }

  function setupDrop() {
    const drop = $("drop");
    const input = $("files");
    input.addEventListener("change", () => setFiles(input.files));
    for (const ev of ["dragenter", "dragover"]) {
      drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add("over"); });
    }
    for (const ev of ["dragleave", "drop"]) {
      drop.addEventListener(ev, () => drop.classList.remove("over"));
    }
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      const files = e.dataTransfer && e.dataTransfer.files;
      if (!files || !files.length) return;
      try { input.files = files; } catch (_) { /* older browsers: the list below is what counts */ }
      setFiles(files);
    });
    $("as-of").addEventListener("input", () => { asOfTouched = true; });
  }

  // --- 3. A run ------------------------------------------------------------------------------

  function upload(form) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/runs");
      xhr.setRequestHeader("Accept-Language", lang);
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) progress("upload", e.loaded, e.total);
      });
      xhr.addEventListener("load", () => resolve({ status: xhr.status, body: xhr.response }));
      xhr.addEventListener("error", () => resolve({ status: 0, body: null }));
      xhr.send(form);
    });
  }

  function progress(which, done, total) {
    const bar = $(which + "-progress");
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    bar.value = ratio;
    $(which + "-percent").textContent = Math.round(ratio * 100) + "%";
  }

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const p = profileByName($("profile").value);
    const total = chosen.reduce((s, f) => s + f.size, 0);
    if (!p || !usable(p)) { showError({ hint: "profile-invalid", message: "" }); return; }
    if (!chosen.length) { showError({ hint: "no-files-chosen", message: "" }); return; }
    if (total > maxUpload) {
      showError({ hint: "", message: t('too-large', { size: size(total), limit: size(maxUpload) }) });
      return;
    }
    busy = true;
    $("run").disabled = true;
    clearResult();
    $("progress").hidden = false;
    progress("upload", 0, 1);
    progress("process", 0, 1);
    setStatus(t('busy-uploading'));
    const form = new FormData();
    form.append("profile", p.name);
    form.append("as_of", $("as-of").value || "");
    if ($("strict").checked) form.append("strict", "1");
    for (const f of chosen) form.append("files", f, f.name);
    try {
      const r = await upload(form);
      if (r.status === 413) {
        showError({ hint: "", message: t('too-large', { size: size(total), limit: size(maxUpload) }) });
      } else if (r.status === 0) {
        showError({ hint: "", message: total > maxUpload ? t('too-large', { size: size(total), limit: size(maxUpload) }) : t('upload-failed') });
      } else if (r.status !== 202 || !r.body) {
        showError((r.body && r.body.error) || { hint: "", message: t('server-error', { message: "HTTP " + r.status }) });
      } else {
        progress("upload", 1, 1);
        await follow(r.body.id);
      }
    } catch (err) {
      showError({ hint: "", message: t('server-error', { message: String(err && err.message) }) });
    } finally {
      busy = false;
      $("run").disabled = false;
      setStatus("");
    }
  }

  async function follow(id) {
    setStatus(t('busy-running'));
    for (;;) {
      const s = await getJSON("/api/runs/" + encodeURIComponent(id) + "?wait=500");
      if (s.state === "waiting") {
        setStatus(s.waiting === "ledger" && s.message ? s.message : t('busy-waiting-queue'));
        continue;
      }
      setStatus(t('busy-running'));
      if (s.state === "running") { progress("process", s.read_bytes, s.total_bytes); continue; }
      progress("process", 1, 1);
      if (s.state === "done") showResult(s.result); else showError(s.error);
      setStatus(t('busy-checking'));
      try { showCheck(await getJSON("/api/runs/" + encodeURIComponent(id) + "/check")); } catch (_) { /* the result stands */ }
      return;
    }
  }

  function clearResult() {
    $("result").replaceChildren();
    $("check-samples").replaceChildren();
  }

  function showError(err) {
    err = err || {};
    const parts = [el("h3", {}, t('error-title'))];
    if (err.file) parts.push(el("p", {}, t('error-file', { file: err.file })));
    if (err.line) parts.push(el("p", {}, t('error-line', { line: num(err.line) })));
    if (err.message) parts.push(el("pre", { class: "message" }, err.message));
    if (err.hint) parts.push(el("p", { class: "hint" }, t(err.hint)));
    $("result").replaceChildren(el("div", { class: "error-box", role: "alert", "data-testid": "error" }, parts));
    $("progress").hidden = true;
    $("h-result").focus();
  }

  function table(caption, head, body, cls) {
    return el("div", { class: "table-wrap" }, el("table", { class: cls || "" },
      caption ? el("caption", {}, caption) : null,
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, body.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
  }

  function countBox(key, labelKey, value) {
    return el("div", { class: "count count-" + key },
      el("dt", {}, t(labelKey)),
      el("dd", {}, el("span", { class: "number", "data-testid": "count-" + key, "data-value": value }, num(value)),
        el("span", { class: "unit" }, t('unit-rows'))));
  }

  function rulesTable(titleKey, items) {
    return [el("h4", {}, t(titleKey)), items.length
      ? table(null, [t('col-rule'), t('col-count'), t('col-message')], items.map((r) => [r.rule, rows(r.count), r.message || ""]), "rules")
      : el("p", { class: "muted" }, t('rules-none'))];
  }

  function showResult(r) {
    const c = r.counts;
    const parts = [el("dl", { class: "counts" },
      countBox("read", "count-read", c.read), countBox("written", "count-written", c.written),
      countBox("excluded", "count-excluded", c.excluded), countBox("rejected", "count-rejected", c.rejected))];
    const facts = r.inputs.map((i) => t('summary-input', { file: i.name, encoding: i.encoding, n: num(i.rows) }));
    facts.push(t('summary-time', { seconds: (r.elapsed_ms / 1000).toFixed(2) }));
    parts.push(el("p", { class: "muted" }, t('summary-inputs') + ": " + facts.join(" / ")));
    parts.push(el("h3", {}, t('files-title')));
    if (r.strict_blocked) parts.push(el("p", { class: "error-box" }, t('strict-blocked')));
    if (r.strict_blocked) {
      parts.push(el("ul", {}, r.planned.map((f) => el("li", {}, f.path + " — " + rows(f.rows)))));
    } else if (!r.files.length) {
      parts.push(el("p", { class: "muted" }, t('files-none')));
    }
    r.files.forEach((f, i) => {
      const said = f.confirm_url ? el("p", { class: "bad", role: "alert", "data-testid": "confirm-error", hidden: true }) : null;
      const preview = f.preview.rows.length
        ? el("details", { open: i === 0 },
          el("summary", {}, t('preview-caption', { n: num(f.preview.rows.length) })),
          table(null, f.preview.header, f.preview.rows, "preview"))
        : null;
      parts.push(el("article", { class: "upload-file", "data-testid": "upload-file", "data-path": f.path },
        el("div", { class: "file-line" },
          el("span", { class: "path" }, f.path),
          el("span", { class: "rows" }, rows(f.rows)),
          el("span", { class: "muted" }, size(f.bytes)),
          el("a", { class: "button", href: ownUrl(f.url), download: f.name }, t('download')),
          f.confirm_url ? ledger.confirmButton(f, said) : null),
        said, preview));
    });
    if (r.ledger) parts.push(ledger.summary(r.ledger));
    if (r.zip_url) {
      parts.push(el("p", {}, el("a", { class: "button primary", href: ownUrl(r.zip_url), download: "", "data-testid": "download-all" }, t('download-all'))));
    }
    parts.push(...rulesTable('rules-excluded', r.excluded_by_rule), ...rulesTable('rules-rejected', r.rejected_by_rule));

    if (r.rejects) {
      const j = r.rejects;
      const head = [t('col-file'), t('col-line'), t('col-rule'), t('col-reason')];
      if (j.order_column) head.push(j.order_column);
      head.push(...j.columns);
      const body = j.rows.map((x) => [x.file, num(x.line), x.rule, x.reason].concat(j.order_column ? [x.order] : [], x.values));
      parts.push(el("h3", {}, t('rejects-title')), el("p", {}, t('rejects-intro')),
        el("p", {}, el("a", { class: "button", href: ownUrl(j.url), download: j.name, "data-testid": "rejects-download" }, t('rejects-download'))));
      if (j.total > j.shown) parts.push(el("p", { class: "muted" }, t('rejects-shown', { shown: num(j.shown), total: num(j.total) })));
      parts.push(table(null, head, body, "rejects"));
    }
    if (r.warnings_by_rule.length) {
      parts.push(el("h3", {}, t('warnings-title')));
      if (r.warned) {
        parts.push(el("p", {}, el("a", { class: "button", href: ownUrl(r.warned.url), download: r.warned.name, "data-testid": "warned-download" }, t('warned-download', { rows: num(r.warned.rows) }))));
      }
      for (const w of r.warnings_by_rule) {
        parts.push(el("div", { class: "warning" }, el("h4", {}, w.rule, " — ", rows(w.count)),
          w.message ? el("p", {}, w.message) : null,
          el("ul", {}, w.examples.map((x) => el("li", {}, t('warning-example', { message: x.message, n: num(x.count) }))))));
      }
    }
    $("result").replaceChildren(...parts);
    $("progress").hidden = true;
    $("h-result").focus();
  }

  // --- 4. Check ------------------------------------------------------------------------------

  function outcomeText(o) {
    if (o.kind === "written") return t('outcome-written');
    if (o.kind === "excluded") return t('outcome-excluded', { rule: o.rule });
    return t('outcome-rejected', { rule: o.rule });
  }

  function effectText(e) {
    if (e.kind === "rejected") return t('effect-rejected', { rule: e.rule });
    if (e.warning) return t('effect-fallback-warn', { value: e.value, rule: e.warning });
    return t('effect-fallback', { value: e.value });
  }

  function showCheck(c) {
    if (!c || !c.profile) return;
    $("check-profile").replaceChildren(...validationView(c.profile));
    const parts = [];
    for (const s of c.samples || []) {
      if (!s.ok) {
        parts.push(el("h3", {}, s.file), el("pre", { class: "message" }, s.error.message));
        continue;
      }
      parts.push(el("h3", {}, t('check-sample', { file: s.file, encoding: s.encoding, columns: num(s.columns), as_of: s.as_of })));
      parts.push(el("p", {}, rows(s.rows) + ": " + s.outcomes.map((o) => outcomeText(o.outcome) + " " + rows(o.count)).join(", ")));
      if (!s.uncovered.length) { parts.push(el("p", { class: "ok" }, t('check-covered'))); continue; }
      const where = (u) => c.builtin
        ? t('where-to-add-builtin', { name: c.profile.name, lookup: u.lookup })
        : t('where-to-add', { file: c.profile.file, lookup: u.lookup });
      for (const decided of [true, false]) {
        const items = s.uncovered.filter((u) => u.decided === decided);
        if (!items.length) continue;
        parts.push(el("p", { class: decided ? "bad" : "muted" }, t(decided ? "check-uncovered-intro" : "check-uncovered-later")));
        parts.push(table(null, [t('col-column'), t('col-value'), t('col-count'), t('col-lookup'), t('col-effect'), t('col-seen')],
          items.map((u) => [u.column || "", u.value, rows(u.rows), u.lookup, effectText(u.effect),
            u.seen.map((x) => outcomeText(x.outcome) + " " + rows(x.count)).join(", ")]),
          "uncovered"));
        const lookups = [...new Set(items.map((u) => u.lookup))];
        parts.push(el("ul", { class: "where" }, lookups.map((l) => el("li", {}, where({ lookup: l })))));
      }
    }
    $("check-samples").replaceChildren(...parts);
  }

  // --- Start ---------------------------------------------------------------------------------

  async function init() {
    ledger = window.orderbridgeLedger({ $, t, el, num, table, getJSON, lang });
    setupDrop();
    $("run-form").addEventListener("submit", submit);
    $("profile").addEventListener("change", showProfile);
    try {
      T = (await getJSON("/api/text?lang=" + encodeURIComponent(lang))).messages || {};
      const data = await getJSON("/api/profiles");
      maxUpload = data.max_upload_bytes;
      profiles = data.profiles;
      fillProfiles();
      setFiles([]);
      if ((await getJSON("/api/ledger")).enabled) ledger.setup();
    } catch (err) {
      showError({ hint: "upload-failed", message: String(err && err.message) });
    }
  }

  init();
})();
