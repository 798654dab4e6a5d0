// Talking to the server: JSON requests, the upload with its progress, and which addresses
// the page may link to.

import { state } from "./state.js";

// The answer's JSON; a failed request throws with its status and body (the server's error).
// Answers (errors too) come in the page's language, whatever the browser's.
export async function getJSON(url, method) {
  const headers = { Accept: "application/json", "Accept-Language": state.lang };
  const r = await fetch(url, { method: method || "GET", credentials: "same-origin", headers });
  let body = null;
  try { body = await r.json(); } catch (_) { body = null; }
  if (!r.ok) throw Object.assign(new Error("HTTP " + r.status), { status: r.status, body });
  return body;
}

// Sends a run's form; `onProgress(loaded, total)` as it goes. Resolves with the status and
// the JSON answer (status 0: no answer at all).
export function upload(form, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/runs");
    xhr.setRequestHeader("Accept-Language", state.lang);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener("load", () => resolve({ status: xhr.status, body: xhr.response }));
    xhr.addEventListener("error", () => resolve({ status: 0, body: null }));
    xhr.send(form);
  });
}

// Only the server's own download addresses become links.
export const ownUrl = (u) => (typeof u === "string" && u.startsWith("/api/runs/") ? u : null);

// `url` asking for answers in the page's language (errors come as words, not as keys).
export const withLang = (url) => url + (url.includes("?") ? "&" : "?") + "lang=" + encodeURIComponent(state.lang);
