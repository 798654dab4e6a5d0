// The page with a ledger (`orderbridge serve --ledger`) in a real browser: the morning's run
// is recorded, one written file is confirmed with its button, an order of the fixture is
// looked up (its file, confirmed), and the next run counts that file's rows as already sent.
// Along the way: a failed confirmation and a failed lookup say why in the page's language,
// a lookup as long as the limit says only the first entries are shown, and keys that look
// like HTML are shown as text. run.sh then asks the CLI whether the file is confirmed.
//
// Environment: OB_URL (the address printed by serve --ledger), OB_LEDGER (its ledger file),
// OB_FIXTURE, OB_REPORT (the CLI's --report of the fixture, without a ledger),
// OB_HTML_FIXTURE.

import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, renameSync } from "node:fs";
import { chromium } from "playwright-core";
import { env, launchArgs, runWith } from "./lib.mjs";

// The rows of the page's rules tables (excluded, then rejected): [rule (its label, then its
// id), count, message].
const ruleRows = (page) => page.$$eval("table.rules tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

async function lookup(page, key) {
  await page.evaluate(() => document.querySelector("#ledger-found").replaceChildren());
  await page.fill("[data-testid=ledger-key]", key);
  await page.click("[data-testid=ledger-lookup]");
  await page.waitForSelector("#ledger-found > *");
  return page.locator("#ledger-found");
}

// The lookup's table: one array of cell texts per entry.
const entries = (page) => page.$$eval("#ledger-found table.ledger tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

// The fixture's header and first order, that order copied `n` times under numbers
// `prefix` + 10 digits (CRLF lines, CP932 as exported).
function manyOrders(n, prefix) {
  const bytes = readFileSync(env("OB_FIXTURE"));
  const headerEnd = bytes.indexOf("\r\n") + 2;
  const rowEnd = bytes.indexOf("\r\n", headerEnd) + 2;
  const row = bytes.subarray(headerEnd, rowEnd);
  const rest = row.subarray(row.indexOf(","));
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Buffer.from(prefix + String(i).padStart(10, "0")), rest);
  return Buffer.concat([bytes.subarray(0, headerEnd), ...rows]);
}

test("the page confirms a file, looks an order up and holds confirmed rows back", async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/status of (400|409)/.test(m.text())) errors.push(m.text()); });
  const report = JSON.parse(readFileSync(env("OB_REPORT"), "utf8"));
  const ledger = env("OB_LEDGER");
  try {
    await page.goto(env("OB_URL"));
    await page.waitForSelector("[data-testid=ledger-key]");

    // The morning's run: every row is new to the ledger.
    await runWith(page, "goq-rakuten-legacy", env("OB_FIXTURE"));
    assert.equal(Number(await page.getAttribute("[data-testid=count-written]", "data-value")), report.rows.written);
    assert.match(await page.textContent("[data-testid=ledger-summary]"), new RegExp(`新しい受注 ${report.rows.written}件`));
    const files = page.locator("[data-testid=upload-file]");
    assert.equal(await files.count(), report.files.length);
    const first = files.nth(0);
    assert.equal(await first.getAttribute("data-path"), report.files[0].path);

    // A confirmation that fails (the ledger file moved away) says why, in Japanese.
    renameSync(ledger, ledger + ".away");
    try {
      await files.nth(1).locator("[data-testid=confirm-file]").click();
      const said = files.nth(1).locator("[data-testid=confirm-error]");
      await said.waitFor();
      const text = await said.textContent();
      assert.ok(text.startsWith("アップロード済みにできませんでした：") && text.includes("送信履歴ファイルはまだありません"), text);
      assert.equal(await files.nth(1).locator("[data-testid=confirm-file]").isEnabled(), true, "the button can be tried again");
    } finally {
      renameSync(ledger + ".away", ledger);
    }

    // The first file, uploaded: its button confirms it; the page then says so (when, in the
    // profile's time zone) and offers the undo.
    await first.locator("[data-testid=confirm-file]").click();
    await first.locator("[data-testid=file-status][data-state=uploaded]").waitFor();
    assert.match(await first.locator("[data-testid=file-state]").textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d JST アップロード済み$/);
    assert.equal(await first.locator("[data-testid=unsent-file]").textContent(), "未アップロードに戻す");

    // An order of that file, by its number (the first cell of the file's preview).
    const order = (await first.locator("table.preview tbody tr").first().locator("td").first().textContent()).trim();
    assert.match(order, /^100234-\d{8}-\d{10}$/);
    await lookup(page, order);
    let found = await entries(page);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.ok(found[0][0].startsWith(order), found[0][0]);
    assert.ok(found[0][2].includes(report.files[0].path), found[0][2]);
    assert.match(found[0][3], /アップロード済み$/);

    // A lookup without a number: the server's reason, in Japanese.
    const error = await lookup(page, "   ");
    assert.equal(await error.locator("[data-testid=ledger-error]").textContent(), "受注番号を入力してください。");

    // The same export again: the confirmed file's rows are already sent, the rest written again.
    await runWith(page, "goq-rakuten-legacy", env("OB_FIXTURE"));
    const confirmedRows = report.files[0].rows;
    const sent = (await ruleRows(page)).find((r) => r[0].endsWith(" already_sent"));
    assert.ok(sent, JSON.stringify(await ruleRows(page)));
    assert.equal(sent[1], `${confirmedRows}件`);
    assert.equal(Number(await page.getAttribute("[data-testid=count-written]", "data-value")), report.rows.written - confirmedRows);
    assert.equal(await page.locator(`[data-testid=upload-file][data-path="${report.files[0].path}"]`).count(), 0, "the confirmed file is not written again");
    await lookup(page, order);
    found = await entries(page);
    assert.deepEqual(found.map((r) => r[2]), [`出力: ${report.files[0].path}`, "除外（送信済みの注文 already_sent）"]);

    // Keys that look like HTML, from the ledger, are shown as text.
    await runWith(page, "goq-rakuten-legacy", env("OB_HTML_FIXTURE"));
    await lookup(page, "<script>");
    assert.ok((await entries(page))[0][0].startsWith("<script>alert(1)</script>"));
    await lookup(page, "100234-20241018-0000010002");
    assert.ok((await entries(page)).some((r) => r[0] === "100234-20241018-0000010002 / <img src=y onerror=alert(3)>"));
    assert.equal(await page.locator("#ledger-found img, #ledger-found script").count(), 0, "no element made from a key");

    // A lookup as long as the limit says that only the first entries are shown.
    await runWith(page, "goq-rakuten-legacy", "many_orders.csv", manyOrders(1000, "100234-20241001-"));
    await lookup(page, "100234-20241001");
    assert.equal((await entries(page)).length, 1000);
    assert.equal(await page.textContent("[data-testid=ledger-truncated]"),
      "最初の 1,000件だけ表示しています。受注番号をもっと長く入力して絞り込んでください。");
    await lookup(page, "100234-20241001-000000099");
    assert.equal((await entries(page)).length, 10);
    assert.equal(await page.locator("[data-testid=ledger-truncated]").count(), 0);

    assert.deepEqual(dialogs, [], "no script from the ledger ran");
    assert.deepEqual(errors, [], "no script error or CSP violation on the page");
  } finally {
    await browser.close();
  }
});
