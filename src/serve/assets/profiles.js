// Step 1: the profile list (several may be chosen: they run at once over the same export;
// the shop file's are chosen to begin with), each profile's validation, and the problems of
// those that cannot run.

import { $, el, fill } from "./dom.js";
import { state } from "./state.js";
import { t, num } from "./text.js";

export function profileByName(name) { return state.profiles.find((p) => p.name === name); }

// A base (runnable = false) is listed, but only the profiles that extend it run.
export function usable(p) { return p.valid && p.runnable !== false; }

// The profiles chosen, in the list's order.
export function chosenProfiles() {
  return Array.from($("profile").selectedOptions).map((o) => profileByName(o.value)).filter(Boolean);
}

export function fillProfiles() {
  const sel = $("profile");
  sel.replaceChildren();
  const saved = localStorage.getItem("orderbridge.profile");
  for (const p of state.profiles) {
    const suffix = !p.valid ? " " + t('profile-invalid-suffix') : p.runnable === false ? " " + t('profile-base-suffix') : "";
    const label = p.name + (p.description ? " — " + p.description : "") + suffix;
    sel.append(el("option", { value: p.name, disabled: !usable(p) }, label));
  }
  // The shop file's profiles, else the one chosen last time, else the first that runs.
  const shop = state.profiles.filter((p) => usable(p) && state.preselected.includes(p.name));
  const pick = shop.length ? shop
    : [state.profiles.find((p) => usable(p) && p.name === saved) || state.profiles.find(usable)].filter(Boolean);
  for (const o of sel.options) o.selected = pick.some((p) => p.name === o.value);
  showProfile();
}

export function showProfile() {
  const p = profileByName($("profile").value);
  $("profile-problems").replaceChildren();
  $("profile-description").textContent = p ? t('profile-from', { origin: p.origin || t('profile-builtin') }) : "";
  if (!p) return;
  if (!state.asOfTouched && p.today) $("as-of").value = p.today;
  if (!state.preselected.length) localStorage.setItem("orderbridge.profile", p.name);
  // Invalid profiles cannot be chosen; list their problems under the list.
  fill("profile-problems", state.profiles.filter((q) => !q.valid).map(problemsView));
  fill("check-profile", validationView(p));
}

function problemsView(q) {
  const failed = q.tests.failed.map((f) => t('check-test-failed', { name: f.name }) + "\n" + f.diff);
  return el("div", { class: "problems" },
    el("p", {}, el("strong", {}, q.name), " ", t('profile-invalid')),
    el("pre", {}, q.problems.concat(failed).join("\n")));
}

// A profile's validation: valid or not, its tests, its problems (the check's first part).
export function validationView(p) {
  const out = [el("h3", {}, t('check-profile', { name: p.name }))];
  const args = { run: num(p.tests.run), passed: num(p.tests.passed), problems: num(p.problem_count) };
  out.push(el("p", { class: p.valid ? "ok" : "bad" }, p.valid ? t('check-valid', args) : t('check-invalid', args)));
  if (p.problems.length) out.push(el("pre", { class: "problems" }, p.problems.join("\n")));
  for (const f of p.tests.failed) {
    out.push(el("p", { class: "bad" }, t('check-test-failed', { name: f.name })), el("pre", {}, f.diff));
  }
  return out;
}
