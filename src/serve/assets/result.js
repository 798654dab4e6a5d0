// What a run gave, a part per profile (titled when there are several): its counts, its
// inputs, its files (each with a preview, a download and,
// with a ledger, a confirm button), the rules that excluded and rejected rows, the rejected
// rows themselves and the warnings — or the error of a run that did nothing. One function per
// part; showResult puts them in order.

import { $, el, fill, table } from "./dom.js";
import { t, num, rows, size } from "./text.js";
import { ownUrl } from "./net.js";
import { state } from "./state.js";
import { statusControl, ledgerSummary } from "./ledger.js";

function shown(parts) {
  fill("result", parts);
  $("progress").hidden = true;
  $("h-result").focus();
}

export function clearResult() {
  $("result").replaceChildren();
  $("check-samples").replaceChildren();
}

export function showError(err) {
  err = err || {};
  shown([el("div", { class: "error-box", role: "alert", "data-testid": "error" },
    el("h3", {}, t('error-title')),
    err.file ? el("p", {}, t('error-file', { file: err.file })) : null,
    err.line ? el("p", {}, t('error-line', { line: num(err.line) })) : null,
    err.message ? el("pre", { class: "message" }, err.message) : null,
    err.hint ? el("p", { class: "hint" }, t(err.hint)) : null)]);
}

// `parts`: the run's result per profile, in the order chosen.
export function showResult(parts) {
  const titled = parts.length > 1;
  shown(parts.map((r) => el("section", { class: "part", "data-testid": "part", "data-profile": r.profile },
    titled ? el("h3", { class: "part-title" }, t('part-title', { profile: r.profile })) : null,
    ...partView(r).flat(Infinity))));
}

function partView(r) {
  return [
    countsView(r.counts),
    inputsView(r),
    filesView(r),
    r.ledger ? ledgerSummary(r.ledger) : null,
    zipView(r),
    rulesView('rules-excluded', r.excluded_by_rule, r.rules),
    rulesView('rules-rejected', r.rejected_by_rule, r.rules),
    r.rejects ? rejectsView(r.rejects, r.rules) : [],
    warningsView(r),
    r.warned_list ? listView(r.warned_list, { title: 'warned-title', intro: 'warned-intro', testid: "warned" }, r.rules) : [],
    r.excluded_list ? listView(r.excluded_list, { title: 'excluded-title', intro: 'excluded-intro', testid: "excluded",
      download: t('excluded-download', { rows: num(r.excluded_list.total) }) }, r.rules) : [],
  ];
}

function countBox(key, labelKey, value) {
  return el("div", { class: "count count-" + key },
    el("dt", {}, t(labelKey)),
    el("dd", {}, el("span", { class: "number", "data-testid": "count-" + key, "data-value": value }, num(value)),
      el("span", { class: "unit" }, t('unit-rows'))));
}

function countsView(c) {
  return el("dl", { class: "counts" },
    countBox("read", "count-read", c.read), countBox("written", "count-written", c.written),
    countBox("excluded", "count-excluded", c.excluded), countBox("rejected", "count-rejected", c.rejected));
}

function inputsView(r) {
  const facts = r.inputs.map((i) => t('summary-input', { file: i.name, encoding: i.encoding, n: num(i.rows) }));
  facts.push(t('summary-time', { seconds: (r.elapsed_ms / 1000).toFixed(2) }));
  return el("p", { class: "muted" }, t('summary-inputs') + ": " + facts.join(" / "));
}

function filesView(r) {
  const parts = [el("h3", {}, t('files-title'))];
  if (r.strict_blocked) {
    parts.push(el("p", { class: "error-box" }, t('strict-blocked')));
    parts.push(el("ul", {}, r.planned.map((f) => el("li", {}, f.path + " — " + rows(f.rows)))));
  } else if (!r.files.length) {
    parts.push(el("p", { class: "muted" }, t('files-none')));
  }
  return parts.concat(r.files.map(uploadFileView));
}

// One upload file: its display name (the store) and path, rows and size, its download, its
// confirm button (with a ledger), where it is uploaded, and its first rows (the first file's
// open).
function uploadFileView(f, i) {
  const said = f.status ? el("p", { class: "bad", role: "alert", "data-testid": "confirm-error", hidden: true }) : null;
  const preview = f.preview.rows.length
    ? el("details", { open: i === 0 },
      el("summary", {}, t('preview-caption', { n: num(f.preview.rows.length) })),
      table(null, f.preview.header, f.preview.rows, "preview"))
    : null;
  return el("article", { class: "upload-file", "data-testid": "upload-file", "data-path": f.path },
    el("div", { class: "file-line" },
      f.label ? el("strong", { class: "file-label", "data-testid": "file-label" }, f.label) : null,
      el("span", { class: "path" }, f.path),
      el("span", { class: "rows" }, rows(f.rows)),
      el("span", { class: "muted" }, size(f.bytes)),
      el("a", { class: "button", href: ownUrl(f.url), download: f.name }, t('download')),
      f.status ? statusControl(f, said) : null),
    f.note ? el("p", { class: "file-note muted", "data-testid": "file-note" }, t('file-note', { note: f.note })) : null,
    said, preview);
}

function zipView(r) {
  if (!r.zip_url) return null;
  return el("p", {}, el("a", { class: "button primary", href: ownUrl(r.zip_url), download: "", "data-testid": "download-all" }, t('download-all')));
}

// A text of the run's rule words in the page's language (the result has both).
const inLang = (words) => (words && (words[state.lang] ?? words.en)) || "";

// A rule as the page names it: its label, and its id beside it as a small code (the id
// alone for a rule without a label).
function ruleName(id, words) {
  const w = words && words[id];
  return w && w.labelled
    ? el("span", { class: "rule-name" }, inLang(w.label), " ", el("code", { class: "rule-id" }, id))
    : el("code", { class: "rule-id" }, id);
}

// The sentence about a rule where no row is shown: the profile's (or the catalog's for a
// built-in), else the message its first row got.
const ruleAbout = (r, words) => inLang(words[r.rule] && words[r.rule].about) || r.message || "";

function rulesView(titleKey, items, words) {
  return [el("h4", {}, t(titleKey)), items.length
    ? table(null, [t('col-rule'), t('col-count'), t('col-message')], items.map((r) => [ruleName(r.rule, words), rows(r.count), ruleAbout(r, words)]), "rules")
    : el("p", { class: "muted" }, t('rules-none'))];
}

// The reject file's download and its first rows.
function rejectsView(j, words) {
  return listView(j, { title: 'rejects-title', intro: 'rejects-intro', testid: "rejects", download: t('rejects-download') }, words);
}

// A list of rows as the command line writes it (rejected, warned or excluded rows): its
// download (unless shown elsewhere) and its first rows: file, line, rule, reason, the order
// number and the export's columns the profile reads.
function listView(j, o, words) {
  const head = [t('col-file'), t('col-line'), t('col-rule'), t('col-reason')];
  if (j.order_column) head.push(j.order_column);
  head.push(...j.columns);
  const body = j.rows.map((x) => [x.file, num(x.line), ruleName(x.rule, words), x.reason].concat(j.order_column ? [x.order] : [], x.values));
  return [el("h3", {}, t(o.title)), el("p", {}, t(o.intro)),
    o.download ? el("p", {}, el("a", { class: "button", href: ownUrl(j.url), download: j.name, "data-testid": o.testid + "-download" }, o.download)) : null,
    j.total > j.shown ? el("p", { class: "muted" }, t('rejects-shown', { shown: num(j.shown), total: num(j.total) })) : null,
    table(null, head, body, o.testid)];
}

function warningsView(r) {
  if (!r.warnings_by_rule.length) return [];
  const w = r.warned;
  return [el("h3", {}, t('warnings-title')),
    w ? el("p", {}, el("a", { class: "button", href: ownUrl(w.url), download: w.name, "data-testid": "warned-download" }, t('warned-download', { rows: num(w.rows) }))) : null,
    r.warnings_by_rule.map((x) => el("div", { class: "warning" }, el("h4", {}, ruleName(x.rule, r.rules), " — ", rows(x.count)),
      ruleAbout(x, r.rules) ? el("p", {}, ruleAbout(x, r.rules)) : null,
      el("ul", {}, x.examples.map((e) => el("li", {}, t('warning-example', { message: e.message, n: num(e.count) }))))))];
}
