// Step 4: the check of a run — the profile's validation, and per upload the values no
// lookup covers, what happens to their rows, and where to add them.

import { el, fill, table } from "./dom.js";
import { t, num, rows } from "./text.js";
import { validationView } from "./profiles.js";

export function outcomeText(o) {
  if (o.kind === "written") return t('outcome-written');
  if (o.kind === "excluded") return t('outcome-excluded', { rule: o.rule });
  return t('outcome-rejected', { rule: o.rule });
}

function effectText(e) {
  if (e.kind === "rejected") return t('effect-rejected', { rule: e.rule });
  if (e.warning) return t('effect-fallback-warn', { value: e.value, rule: e.warning });
  return t('effect-fallback', { value: e.value });
}

const counted = (list) => list.map((x) => outcomeText(x.outcome) + " " + rows(x.count)).join(", ");

export function showCheck(c) {
  if (!c || !c.profile) return;
  fill("check-profile", validationView(c.profile));
  fill("check-samples", (c.samples || []).map((s) => sampleView(c, s)));
}

function sampleView(c, s) {
  if (!s.ok) return [el("h3", {}, s.file), el("pre", { class: "message" }, s.error.message)];
  const parts = [
    el("h3", {}, t('check-sample', { file: s.file, encoding: s.encoding, columns: num(s.columns), as_of: s.as_of })),
    el("p", {}, rows(s.rows) + ": " + counted(s.outcomes)),
  ];
  if (!s.uncovered.length) return parts.concat(el("p", { class: "ok" }, t('check-covered')));
  // The values that decided rows first, then those an earlier rule decided for them.
  for (const decided of [true, false]) {
    const items = s.uncovered.filter((u) => u.decided === decided);
    if (items.length) parts.push(uncoveredView(c, items, decided));
  }
  return parts;
}

function uncoveredView(c, items, decided) {
  const where = (lookup) => c.builtin
    ? t('where-to-add-builtin', { name: c.profile.name, lookup })
    : t('where-to-add', { file: c.profile.file, lookup });
  const lookups = [...new Set(items.map((u) => u.lookup))];
  return [
    el("p", { class: decided ? "bad" : "muted" }, t(decided ? "check-uncovered-intro" : "check-uncovered-later")),
    table(null, [t('col-column'), t('col-value'), t('col-count'), t('col-lookup'), t('col-effect'), t('col-seen')],
      items.map((u) => [u.column || "", u.value, rows(u.rows), u.lookup, effectText(u.effect), counted(u.seen)]),
      "uncovered"),
    el("ul", { class: "where" }, lookups.map((l) => el("li", {}, where(l)))),
  ];
}
