// The words of the page after a run of each shipped profile, in a real browser: no `{…}`
// placeholder of a profile's template, and no rule named by its id alone — each rule id on
// the page is the small code beside its label. Rule ids are those the shipped profiles label
// (`[rule_labels]` in mappings/) and the engine's own; the page's text is searched for any of
// them outside a label's code.
//
// Environment: OB_URL (the address printed by serve), OB_FIXTURE (a GoQ export),
// OB_LEGACY_FIXTURE (a legacy upload file edited in Excel, for rakuten-legacy-check),
// OB_MAPPINGS (the shipped profiles' folder).

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { env, launchArgs, runWith } from "./lib.mjs";

const BUILTIN = ["undecodable", "field_count", "duplicate", "unencodable", "bad_path", "already_sent",
  "changed_after_send", "changed_since_send"];

// The rule ids the shipped profiles label: the keys of their [rule_labels] tables.
function ruleIds() {
  const ids = new Set(BUILTIN);
  const dir = env("OB_MAPPINGS");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
    let inLabels = false;
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line.startsWith("[")) inLabels = line.trim() === "[rule_labels]";
      const m = inLabels && line.match(/^([A-Za-z0-9_]+)\s*=\s*\{/);
      if (m) ids.add(m[1]);
    }
  }
  return [...ids];
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
  const ids = ruleIds();
  assert.ok(ids.includes("other_store") && ids.includes("stale"), ids.join(" "));
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
        for (const id of ids) {
          const bare = new RegExp(`(^|[^A-Za-z0-9_])${id}([^A-Za-z0-9_]|$)`).exec(text);
          assert.equal(bare, null, `${profile} ${selector}: rule id ${id} shown without its label:\n${text}`);
        }
      }
    }
    assert.deepEqual(errors, [], "no script error on the page");
  } finally {
    await browser.close();
  }
});
