// The words of the page after a run of each shipped profile, in a real browser: no `{…}`
// placeholder of a profile's template, and no rule named by its id alone — each rule id on
// the page is the small code beside its label, or follows its label in a sentence. Rule ids
// are those the shipped profiles label (`[rule_labels]` in mappings/) and the engine's own.
//
// Environment: OB_URL (the address printed by serve), OB_FIXTURE (a GoQ export),
// OB_LEGACY_FIXTURE (a legacy upload file edited in Excel, for rakuten-legacy-check),
// OB_MAPPINGS (the shipped profiles' folder), OB_LOCALES (the catalogs: the engine's rules'
// labels).

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { env, launchArgs, runWith } from "./lib.mjs";

const BUILTIN = ["undecodable", "field_count", "duplicate", "unencodable", "bad_path", "already_sent",
  "changed_after_send", "changed_since_send"];

// The rule ids the shipped profiles label (the keys of their [rule_labels] tables) and the
// engine's, each with the labels it may be shown with (the profiles' and the catalog's).
function ruleLabels() {
  const labels = new Map(BUILTIN.map((id) => [id, []]));
  const add = (id, label) => labels.set(id, (labels.get(id) || []).concat(label));
  const dir = env("OB_MAPPINGS");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
    let inLabels = false;
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line.startsWith("[")) inLabels = line.trim() === "[rule_labels]";
      const m = inLabels && line.match(/^([A-Za-z0-9_]+)\s*=\s*\{\s*label\s*=\s*"([^"]*)"/);
      if (m) add(m[1], m[2]);
    }
  }
  for (const line of readFileSync(join(env("OB_LOCALES"), "ja", "profile.ftl"), "utf8").split("\n")) {
    const m = line.match(/^rule-label-([A-Za-z0-9_]+) = (.*)$/);
    if (m) add(m[1], m[2]);
  }
  return labels;
}

// `text` without each rule id that follows one of its labels (「ほかの店舗の注文 other_store」,
// 「ほかの店舗の注文 (other_store)」): what is left must name no rule.
function withoutLabelledIds(text, labels) {
  for (const [id, ls] of labels) {
    for (const l of ls) text = text.split(`${l} ${id}`).join(l).split(`${l} (${id})`).join(l);
  }
  return text;
}

// What `selector` shows, without the rule ids shown beside their labels; and those ids with
// whether each has a label before it.
async function shownText(page, selector) {
  return page.$eval(selector, (root) => {
    const copy = root.cloneNode(true);
    const codes = [...copy.querySelectorAll("code.rule-id")].map((c) => {
      const name = c.closest(".rule-name");
      const label = name ? name.textContent.slice(0, name.textContent.length - c.textContent.length).trim() : "";
      c.remove();
      return { id: c.textContent, label };
    });
    return { text: copy.innerText, codes };
  });
}

const cases = [
  ["goq-rakuten-legacy", "OB_FIXTURE"],
  ["goq-rakuten-pay", "OB_FIXTURE"],
  ["goq-yahoo", "OB_FIXTURE"],
  ["rakuten-legacy-check", "OB_LEGACY_FIXTURE"],
];

test("after a run of each shipped profile the page shows no placeholder and no rule id without its label", async () => {
  const labels = ruleLabels();
  assert.ok(labels.get("other_store").length && labels.get("duplicate").length, JSON.stringify([...labels]));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(env("OB_URL"));
    await page.waitForSelector("[data-testid=profile] option[value=goq-rakuten-legacy]", { state: "attached" });
    for (const [profile, fixture] of cases) {
      await runWith(page, profile, env(fixture));
      assert.equal(await page.locator("[data-testid=error]").count(), 0, `${profile}: ${await page.textContent("#result")}`);
      // The rules tables have rows to look at (the fixtures exclude and reject some rows).
      assert.ok(await page.locator("table.rules tbody tr").count() > 0, `${profile}: no rule counted`);
      for (const selector of ["#result", "#check-samples"]) {
        const { text, codes } = await shownText(page, selector);
        const placeholder = text.match(/\{[A-Za-z_][A-Za-z0-9_.:%-]*\}/);
        assert.equal(placeholder, null, `${profile} ${selector}: a placeholder is shown: ${placeholder}\n${text}`);
        for (const c of codes) assert.ok(c.label, `${profile} ${selector}: rule ${c.id} without its label`);
        const rest = withoutLabelledIds(text, labels);
        for (const id of labels.keys()) {
          const bare = new RegExp(`(^|[^A-Za-z0-9_])${id}([^A-Za-z0-9_]|$)`).exec(rest);
          assert.equal(bare, null, `${profile} ${selector}: rule id ${id} shown without its label:\n${text}`);
        }
      }
    }
    assert.deepEqual(errors, [], "no script error on the page");
  } finally {
    await browser.close();
  }
});
