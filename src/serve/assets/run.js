// Step 3: a run — the form sent with its progress, then the run followed until it is done
// (its result and its check shown) or failed (its error shown). A run that asks whether
// earlier files were uploaded shows the question; the answer sent, the run goes on.

import { $, el, fill } from "./dom.js";
import { state } from "./state.js";
import { t, size, num } from "./text.js";
import { getJSON, upload, withLang } from "./net.js";
import { chosenProfiles, usable } from "./profiles.js";
import { chosenBytes } from "./files.js";
import { showResult, showError, clearResult } from "./result.js";
import { showCheck } from "./check.js";

function setStatus(text) { $("status").textContent = text || ""; }

function progress(which, done, total) {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  $(which + "-progress").value = ratio;
  $(which + "-percent").textContent = Math.round(ratio * 100) + "%";
}

const tooLarge = (total) => t('too-large', { size: size(total), limit: size(state.maxUpload) });

function form(chosen) {
  const data = new FormData();
  for (const p of chosen) data.append("profile", p.name);
  data.append("as_of", $("as-of").value || "");
  if ($("strict").checked) data.append("strict", "1");
  for (const f of state.chosen) data.append("files", f, f.name);
  return data;
}

// What stops a run before it is sent, if anything (as an error for showError).
function refusal(chosen, total) {
  if (!chosen.length || !chosen.every(usable)) return { hint: "profile-invalid", message: "" };
  if (!state.chosen.length) return { hint: "no-files-chosen", message: "" };
  if (total > state.maxUpload) return { hint: "", message: tooLarge(total) };
  return null;
}

async function submit(e) {
  e.preventDefault();
  if (state.busy) return;
  const chosen = chosenProfiles();
  const total = chosenBytes();
  const refused = refusal(chosen, total);
  if (refused) { showError(refused); return; }
  state.busy = true;
  $("run").disabled = true;
  clearResult();
  $("progress").hidden = false;
  progress("upload", 0, 1);
  progress("process", 0, 1);
  setStatus(t('busy-uploading'));
  try {
    const r = await upload(form(chosen), (done, all) => progress("upload", done, all));
    if (r.status === 413) {
      showError({ hint: "", message: tooLarge(total) });
    } else if (r.status === 0) {
      showError({ hint: "", message: total > state.maxUpload ? tooLarge(total) : t('upload-failed') });
    } else if (r.status !== 202 || !r.body) {
      showError((r.body && r.body.error) || { hint: "", message: t('server-error', { message: "HTTP " + r.status }) });
    } else {
      progress("upload", 1, 1);
      await follow(r.body.id);
    }
  } catch (err) {
    showError({ hint: "", message: t('server-error', { message: String(err && err.message) }) });
  } finally {
    state.busy = false;
    $("run").disabled = false;
    setStatus("");
  }
}

async function follow(id) {
  const url = "/api/runs/" + encodeURIComponent(id);
  setStatus(t('busy-running'));
  for (;;) {
    const s = await getJSON(url + "?wait=500");
    if (s.state === "waiting") {
      setStatus(s.waiting === "ledger" && s.message ? s.message : t('busy-waiting-queue'));
      continue;
    }
    setStatus(t('busy-running'));
    if (s.state === "running") { progress("process", s.read_bytes, s.total_bytes); continue; }
    if (s.state === "pending") {
      if (await answered(s)) continue;
      return;
    }
    progress("process", 1, 1);
    if (s.state === "done") showResult(s.parts || [s.result]); else showError(s.error);
    setStatus(t('busy-checking'));
    try { showCheck(await getJSON(url + "/check")); } catch (_) { /* the result stands */ }
    return;
  }
}

// The run's question about earlier files (each: its path, when it was written, its rows),
// with its two answers; resolves true once an answer is sent (the run goes on).
function answered(s) {
  setStatus("");
  return new Promise((resolve) => {
    const said = el("p", { class: "bad", role: "alert", hidden: true });
    const button = (key, previous, cls) => {
      const b = el("button", { type: "button", class: "button " + cls, "data-testid": "answer-" + previous }, t(key));
      b.addEventListener("click", async () => {
        for (const x of buttons) x.disabled = true;
        try {
          await getJSON(withLang(s.answer_url + "?previous=" + previous), "POST");
          $("result").replaceChildren();
          $("progress").hidden = false;
          setStatus(t('busy-running'));
          resolve(true);
        } catch (err) {
          for (const x of buttons) x.disabled = false;
          const e = (err && err.body && err.body.error) || {};
          said.textContent = t('page-pending-failed', { message: e.message || String(err && err.message) });
          said.hidden = false;
        }
      });
      return b;
    };
    const buttons = [button('page-pending-uploaded', "uploaded", "primary"), button('page-pending-not-uploaded', "not-uploaded", "")];
    fill("result", [el("div", { class: "question", role: "alert", "data-testid": "pending" },
      el("h3", {}, t('page-pending-title')),
      el("p", {}, t('page-pending-intro')),
      el("ul", {}, s.files.map((f) => el("li", { "data-testid": "pending-file" },
        t('page-pending-file', { path: f.path, profile: f.profile, at: f.written_at, rows: num(f.rows) })))),
      el("p", {}, buttons[0], " ", buttons[1]),
      el("p", { class: "muted" }, t('page-pending-uploaded-means'), " ", t('page-pending-not-uploaded-means')),
      said)]);
    $("progress").hidden = true;
  });
}

export function setupRun() {
  $("run-form").addEventListener("submit", submit);
}
