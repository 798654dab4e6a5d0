// The page's words: the catalog's messages and how numbers and sizes are written. Catalog
// keys are literal single-quoted arguments of t() throughout, so that a test finds them.

import { state } from "./state.js";

// A catalog message with {name} filled in.
export function t(key, args) {
  let s = Object.prototype.hasOwnProperty.call(state.text, key) ? state.text[key] : key;
  for (const [k, v] of Object.entries(args || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

export const num = (n) => String(Math.trunc(Number(n) || 0)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export const rows = (n) => t('n-rows', { n: num(n) });

export function size(bytes) {
  const units = ["B", "KB", "MB", "GB"];
  let v = bytes, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(1)) + " " + units[i];
}
