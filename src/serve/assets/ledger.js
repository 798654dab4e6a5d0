// The page's ledger part: a confirm button (and its undo) per written file, the run's
// ledger line, and the box to look an order up. Every value from the ledger is put into
// the page as text (dom.js), never as HTML.

import { $, el, table } from "./dom.js";
import { t, num } from "./text.js";
import { getJSON, withLang } from "./net.js";
import { outcomeText } from "./check.js";
import { state } from "./state.js";

// What a failed request says: the server's message (in the page's language) and its hint
// from the catalog; without an answer from the server, the HTTP error.
function failure(err) {
  const e = (err && err.body && err.body.error) || {};
  const message = e.message || t('server-error', { message: String(err && err.message) });
  const hint = e.hint ? t(e.hint) : "";
  return hint && hint !== message ? [message, hint] : [message];
}

// Upload file `f`'s status and the button that changes it: "uploaded" (confirm) while its
// upload is not known or marked not uploaded, its undo once confirmed; the state shown after
// each answer, its time in the profile's time zone as the server gives it. `said` shows why
// a change could not be made.
export function statusControl(f, said) {
  const box = el("span", { class: "file-status", "data-testid": "file-status" });
  const show = (st) => {
    box.dataset.state = st.state;
    const facts = st.state === "uploaded" ? t('page-ledger-state-uploaded', { at: st.confirmed_at })
      : st.state === "not_uploaded" ? t('page-ledger-state-not-uploaded', { at: st.unsent_at }) : null;
    const undo = st.state === "uploaded";
    const b = el("button", { type: "button", class: "button", "data-testid": undo ? "unsent-file" : "confirm-file" },
      t(undo ? 'page-ledger-undo-button' : 'page-ledger-confirm-button'));
    b.addEventListener("click", async () => {
      b.disabled = true;
      said.hidden = true;
      try { show((await getJSON(withLang(undo ? f.unsent_url : f.confirm_url), "POST")).status); }
      catch (err) {
        b.disabled = false;
        said.textContent = t('page-ledger-confirm-failed', { message: failure(err)[0] });
        said.hidden = false;
      }
    });
    box.replaceChildren(...[facts ? el("span", { class: "muted", "data-testid": "file-state" }, facts) : null, " ", b].filter(Boolean));
  };
  show(f.status);
  return box;
}

export function ledgerSummary(l) {
  const facts = [t('page-ledger-new', { n: num(l.new) }), t('page-ledger-changed', { n: num(l.changed) })];
  if (l.unconfirmed) facts.push(t('page-ledger-unconfirmed', { n: num(l.unconfirmed), files: l.unconfirmed_files.map((f) => f.path).join(", ") }));
  return el("p", { class: "muted", "data-testid": "ledger-summary" }, t('page-ledger-title') + ": " + facts.join(" / "));
}

// One entry of a lookup: key, run, outcome (the file it went to), confirmed, values.
function entryRow(x) {
  // A built-in rule by its label and name (the server's words, in each language).
  const rule = (x.rule_words && (x.rule_words[state.lang] ?? x.rule_words.en)) || x.rule;
  const outcome = x.outcome === "written" ? t('outcome-written') + ": " + x.file : outcomeText({ kind: x.outcome, rule });
  const confirmed = x.outcome === "written"
    ? (x.confirmed_at ? t('page-ledger-confirmed-at', { at: x.confirmed_at }) : t('page-ledger-not-confirmed'))
    : "";
  return [x.key.join(" / "), "#" + x.run + " " + x.run_at, outcome, confirmed, (x.values || []).join(" | ")];
}

async function lookup(e) {
  e.preventDefault();
  const key = $("ledger-key").value.trim();
  const found = $("ledger-found");
  try {
    // An empty key too: the server says what is missing.
    const r = await getJSON(withLang("/api/ledger/show?key=" + encodeURIComponent(key)));
    const body = r.entries.map(entryRow);
    // At the limit there may be more than shown: say so, as `ledger show` does.
    const more = r.truncated ? el("p", { class: "warning", "data-testid": "ledger-truncated" }, t('page-ledger-limit', { n: num(r.limit) })) : null;
    found.replaceChildren(...[more, body.length
      ? table(null, [t('page-ledger-col-key'), t('page-ledger-col-run'), t('page-ledger-col-outcome'), t('page-ledger-col-confirmed'), t('page-ledger-col-values')], body, "ledger")
      : el("p", { class: "muted" }, t('page-ledger-none-found', { key }))].filter(Boolean));
  } catch (err) {
    found.replaceChildren(el("div", { class: "error-box", role: "alert", "data-testid": "ledger-error" }, failure(err).map((m) => el("p", {}, m))));
  }
}

// The lookup box, after the result.
export function setupLedger() {
  const form = el("form", { id: "ledger-form" },
    el("label", { for: "ledger-key" }, t('page-ledger-lookup-label')), " ",
    el("input", { id: "ledger-key", type: "search", "data-testid": "ledger-key" }), " ",
    el("button", { type: "submit", "data-testid": "ledger-lookup" }, t('page-ledger-lookup-button')));
  form.addEventListener("submit", lookup);
  $("result-section").after(el("section", { class: "card", id: "ledger-section" },
    el("h2", {}, t('page-ledger-lookup-title')), form, el("div", { id: "ledger-found", "aria-live": "polite" })));
}
