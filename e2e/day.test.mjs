// The shop's day on the page, in a real browser (`orderbridge serve` on a fresh ledger):
// day one's 楽天ペイ run of the fixture export, then day two's over the same export stops
// before writing and asks whether day one's file was uploaded (its path, when it was written
// in Japan's time, its rows); 「アップロードした」 is clicked and the run goes on, those rows
// excluded as `already_sent`.
//
// Environment: OB_URL (the address printed by serve), OB_FIXTURE.

import test from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { dropFile, env, launchArgs, runWith } from "./lib.mjs";

const ruleRows = (page) => page.$$eval("table.rules tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

test("day two's 楽天ペイ run asks about day one's file and goes on with 「アップロードした」", async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  try {
    await page.goto(env("OB_URL"));
    await page.waitForSelector("[data-testid=profile] option[value=goq-rakuten-pay]", { state: "attached" });

    // Day one: every row is new, written.
    await runWith(page, "goq-rakuten-pay", env("OB_FIXTURE"));
    const dayOne = Number(await page.getAttribute("[data-testid=count-written]", "data-value"));
    assert.ok(dayOne > 0, "day one writes rows");
    const dayOneFiles = await page.locator("[data-testid=upload-file]").evaluateAll((fs) => fs.map((f) => f.dataset.path));

    // Day two, same export: the run asks before writing anything, naming each of day one's
    // files that holds rows of this run.
    await page.selectOption("[data-testid=profile]", "goq-rakuten-pay");
    await page.fill("[data-testid=as-of]", "2024-10-19");
    await dropFile(page, env("OB_FIXTURE"));
    await page.click("[data-testid=run]");
    await page.waitForSelector("[data-testid=pending]", { timeout: 60_000 });
    assert.equal(await page.locator("[data-testid=count-read]").count(), 0, "nothing shown as written yet");
    const asked = await page.locator("[data-testid=pending-file]").allTextContents();
    assert.ok(asked.length >= 1, JSON.stringify(asked));
    let held = 0;
    for (const line of asked) {
      const m = line.match(/^(.+)（goq-rakuten-pay、(\d{4}-\d\d-\d\d \d\d:\d\d JST) に出力、この実行の受注 ([\d,]+)件）$/);
      assert.ok(m, line);
      assert.ok(dayOneFiles.includes(m[1]), `${m[1]} is one of day one's ${dayOneFiles}`);
      held += Number(m[3].replace(/,/g, ""));
    }
    assert.ok(held > 0 && held <= dayOne, JSON.stringify(asked));

    // The shop did upload it: the run goes on, those rows already sent.
    await page.getByRole("button", { name: "アップロードした", exact: true }).click();
    await page.waitForSelector("[data-testid=count-read], [data-testid=error]", { timeout: 60_000 });
    assert.equal(await page.locator("[data-testid=error]").count(), 0, await page.textContent("#result"));
    const sent = (await ruleRows(page)).find((r) => r[0].endsWith(" already_sent"));
    assert.ok(sent, JSON.stringify(await ruleRows(page)));
    // At least the rows the question named (the CLI's `--previous uploaded` counts the same).
    assert.ok(Number(sent[1].replace(/[,件]/g, "")) >= held, `${sent[1]} already sent, ${held} asked about`);
    assert.deepEqual(errors, [], "no script error or CSP violation on the page");
  } finally {
    await browser.close();
  }
});
