// Making the page's elements. Values on this page come from exports, profiles and the ledger,
// so everything is put in as text: children as text nodes, attributes with setAttribute —
// never as markup (page::tests checks that no script parses HTML).

export const $ = (id) => document.getElementById(id);

// An element with attributes and children (strings become text nodes; null, undefined and
// false are left out, so that optional parts can be written inline).
export function el(tag, attrs, ...children) {
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

// Replaces what `id` holds with `parts`: elements, or arrays of them at any depth (optional
// parts may be null).
export function fill(id, parts) {
  $(id).replaceChildren(...parts.flat(Infinity).filter((p) => p !== null && p !== undefined && p !== false));
}

// A table: a header row of `head`, one row per array of `body` (each cell as text).
export function table(caption, head, body, cls) {
  return el("div", { class: "table-wrap" }, el("table", { class: cls || "" },
    caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, body.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
}
