// What the browser tests share: the environment run.sh sets, how Chromium is started, and
// how a run is made on the page (a profile chosen, an export dropped, the button clicked).

import { readFileSync } from "node:fs";
import { basename } from "node:path";

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run e2e/run.sh)`);
  return v;
};

export const launchArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Drops a file on the page's drop zone as a browser would: a DataTransfer holding it. `path`
// is read from disk; `bytes` (with `name`), when given, are dropped instead.
export async function dropFile(page, path, bytes) {
  const data = (bytes || readFileSync(path)).toString("base64");
  const dt = await page.evaluateHandle(({ data, name }) => {
    const bin = atob(data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "text/csv" }));
    return transfer;
  }, { data, name: basename(path) });
  await page.dispatchEvent("#drop", "dragenter", { dataTransfer: dt });
  await page.dispatchEvent("#drop", "drop", { dataTransfer: dt });
}

// A run of `file` (or of `bytes` under its name) with `profile`, as of the fixture's day;
// waits for its counts or its error.
export async function runWith(page, profile, file, bytes) {
  await page.selectOption("[data-testid=profile]", profile);
  await page.fill("[data-testid=as-of]", "2024-10-18");
  await dropFile(page, file, bytes);
  await page.click("[data-testid=run]");
  await page.waitForSelector("[data-testid=count-read], [data-testid=error]", { timeout: 60_000 });
}
