// Step 2: the exports to send, chosen or dropped, with their total against the upload limit.

import { $, el } from "./dom.js";
import { state } from "./state.js";
import { t, num, size } from "./text.js";

export const chosenBytes = () => state.chosen.reduce((s, f) => s + f.size, 0);

export function setFiles(list) {
  state.chosen = Array.from(list || []);
  $("file-list").replaceChildren(...state.chosen.map((f) => el("li", {}, f.name, " ", el("span", { class: "muted" }, "(" + size(f.size) + ")"))));
  const total = chosenBytes();
  const note = $("file-total");
  note.classList.remove("bad");
  if (!state.chosen.length) { note.textContent = t('no-files-chosen'); return; }
  if (total > state.maxUpload) {
    note.textContent = t('too-large', { size: size(total), limit: size(state.maxUpload) });
    note.classList.add("bad");
  } else {
    note.textContent = t('files-total', { count: num(state.chosen.length), size: size(total) });
  }
}

export function setupFiles() {
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
  $("as-of").addEventListener("input", () => { state.asOfTouched = true; });
}
