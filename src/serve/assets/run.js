// Step 3: a run — the form sent with its progress, then the run followed until it is done
// (its result and its check shown) or failed (its error shown).

import { $ } from "./dom.js";
import { state } from "./state.js";
import { t, size } from "./text.js";
import { getJSON, upload } from "./net.js";
import { profileByName, usable } from "./profiles.js";
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

function form(p) {
  const data = new FormData();
  data.append("profile", p.name);
  data.append("as_of", $("as-of").value || "");
  if ($("strict").checked) data.append("strict", "1");
  for (const f of state.chosen) data.append("files", f, f.name);
  return data;
}

// What stops a run before it is sent, if anything (as an error for showError).
function refusal(p, total) {
  if (!p || !usable(p)) return { hint: "profile-invalid", message: "" };
  if (!state.chosen.length) return { hint: "no-files-chosen", message: "" };
  if (total > state.maxUpload) return { hint: "", message: tooLarge(total) };
  return null;
}

async function submit(e) {
  e.preventDefault();
  if (state.busy) return;
  const p = profileByName($("profile").value);
  const total = chosenBytes();
  const refused = refusal(p, total);
  if (refused) { showError(refused); return; }
  state.busy = true;
  $("run").disabled = true;
  clearResult();
  $("progress").hidden = false;
  progress("upload", 0, 1);
  progress("process", 0, 1);
  setStatus(t('busy-uploading'));
  try {
    const r = await upload(form(p), (done, all) => progress("upload", done, all));
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
    progress("process", 1, 1);
    if (s.state === "done") showResult(s.result); else showError(s.error);
    setStatus(t('busy-checking'));
    try { showCheck(await getJSON(url + "/check")); } catch (_) { /* the result stands */ }
    return;
  }
}

export function setupRun() {
  $("run-form").addEventListener("submit", submit);
}
