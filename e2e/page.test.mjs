// The page of `orderbridge serve` in a real browser (Debian's headless Chromium, driven by
// playwright-core). e2e/run.sh starts the server and makes the CLI's reference run; this
// script opens the printed address, chooses a profile, drops the fixture export on the page,
// checks the counts against the CLI's report, downloads every upload file, the reject file
// and the zip (run.sh compares their bytes with the CLI's), saves a screenshot, and then
// checks that HTML-looking values stay text and that a broken export shows its error.
//
// Environment: OB_URL (the printed address), OB_FIXTURE (the export to drop), OB_REPORT (the
// CLI's --report), OB_HTML_FIXTURE, OB_DOWNLOADS (folder for the downloads), OB_SCREENSHOT.

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";
import { env, launchArgs, runWith } from "./lib.mjs";

async function save(page, locator, dest) {
  const [download] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  mkdirSync(dirname(dest), { recursive: true });
  await download.saveAs(dest);
  return download.suggestedFilename();
}

test("the page does a morning's run in the browser", async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
  const context = await browser.newContext({ acceptDownloads: true, locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  try {
    // The printed address sets the cookie and lands on the page, in Japanese.
    await page.goto(env("OB_URL"));
    assert.equal(new URL(page.url()).search, "", "the token is taken out of the address");
    assert.equal(await page.getAttribute("html", "lang"), "ja");
    await page.waitForSelector("[data-testid=profile] option[value=goq-rakuten-legacy]", { state: "attached" });
    assert.equal(await page.locator("[data-testid=count-read]").count(), 0, "no counts before a run");
    // A profile with problems is listed, cannot be chosen, and says where its problem is.
    assert.equal(await page.locator("[data-testid=profile] option[value=broken-shop]").isDisabled(), true);
    // In the page's language (Japanese here), whatever the server's own.
    assert.match(await page.locator("#profile-problems").textContent(), /broken-shop\.toml:5:1: `encodng` という項目はありません/);
    assert.equal(await page.inputValue("[data-testid=profile]"), "goq-rakuten-legacy", "the first valid one is chosen");

    await runWith(page, "goq-rakuten-legacy", env("OB_FIXTURE"));
    const report = JSON.parse(readFileSync(env("OB_REPORT"), "utf8"));
    for (const k of ["read", "written", "excluded", "rejected"]) {
      const count = page.locator(`[data-testid=count-${k}]`);
      assert.equal(Number(await count.getAttribute("data-value")), report.rows[k], k);
      assert.equal((await count.textContent()).replaceAll(",", ""), String(report.rows[k]), k);
    }
    // Every upload file, the reject file and the zip, saved under the folder run.sh compares.
    const downloads = env("OB_DOWNLOADS");
    const files = page.locator("[data-testid=upload-file]");
    assert.equal(await files.count(), report.files.length);
    for (let i = 0; i < (await files.count()); i++) {
      const f = files.nth(i);
      const path = await f.getAttribute("data-path");
      assert.equal(path, report.files[i].path);
      const name = await save(page, f.locator("a[download]"), join(downloads, "files", path));
      assert.equal(name, path.replaceAll("/", "_"), "saved under its path, the folder kept in the name");
      assert.equal(await f.locator("[data-testid=file-label]").textContent(), report.files[i].label);
      assert.ok((await f.locator("[data-testid=file-note]").textContent()).includes(report.files[i].note));
    }
    await save(page, page.locator("[data-testid=rejects-download]"), join(downloads, "files", report.rejects_file));
    if (report.warned_file) {
      await save(page, page.locator("[data-testid=warned-download]"), join(downloads, "files", report.warned_file));
    }
    await save(page, page.locator("[data-testid=excluded-download]"), join(downloads, "files", report.excluded_file));
    // The warned and excluded rows are tables like the rejected ones.
    assert.ok((await page.locator("table.excluded tbody tr").count()) > 0, "the excluded rows are shown");
    assert.ok((await page.locator("table.warned tbody tr").count()) > 0, "the warned rows are shown");
    const zipName = await save(page, page.locator("[data-testid=download-all]"), join(downloads, "all.zip"));
    assert.match(zipName, /^orderbridge_goq-rakuten-legacy_20241018\.zip$/);

    // The check: the export's values no lookup covers.
    await page.waitForFunction(() => document.querySelector("#check-samples").textContent.includes("チャーター便"));
    // The top of the page after a run: the form, the counts, the files (the README's picture).
    await page.setViewportSize({ width: 1280, height: 1700 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: env("OB_SCREENSHOT") });
    await page.setViewportSize({ width: 1280, height: 900 });

    // HTML-looking values are shown as they are, never run.
    await runWith(page, "goq-rakuten-legacy", env("OB_HTML_FIXTURE"));
    const text = await page.locator("#result").textContent();
    assert.ok(text.includes("<script>alert(1)</script>"), "a <script> value is shown as text");
    assert.ok(text.includes("\"><img src=x onerror=alert(2)>"), "an attribute-breaking value is shown as text");
    assert.ok(text.includes("<img src=y onerror=alert(3)>"), "a rejected row's value is shown as text");
    assert.equal(await page.locator("#result img, #result script").count(), 0, "no element made from a value");
    assert.deepEqual(dialogs, [], "no script from the export ran");

    // A broken export: the error with its file and line, never a blank page.
    const broken = join(downloads, "broken.csv");
    const good = readFileSync(env("OB_FIXTURE"));
    const cut = good.indexOf(0x0a, good.indexOf(0x0a) + 1) + 1;
    const bytes = Buffer.concat([good.subarray(0, cut), Buffer.from("100234-1,\"unclosed\r\n")]);
    (await import("node:fs")).writeFileSync(broken, bytes);
    await runWith(page, "goq-rakuten-legacy", broken);
    const error = page.locator("[data-testid=error]");
    await error.waitFor();
    const message = await error.textContent();
    assert.ok(message.includes("broken.csv") && message.includes("3"), message);
    assert.equal(await page.locator("[data-testid=count-read]").count(), 0, "counts only with a result");

    // English when the browser prefers it.
    const en = await browser.newContext({ locale: "en-US" });
    const enPage = await en.newPage();
    await enPage.goto(env("OB_URL"));
    assert.equal(await enPage.getAttribute("html", "lang"), "en");
    await en.close();
    assert.deepEqual(errors, [], "no script error or CSP violation on the page");
  } finally {
    await browser.close();
  }
});
