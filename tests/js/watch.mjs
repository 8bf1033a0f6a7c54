// Drives a `wb watch` page in headless Chromium (the system's, through
// playwright-core) while editing the design it watches.
// argv: URL FILE; prints each step it saw; exits non-zero on the first
// step that does not happen within the timeout.
import fs from "node:fs";
import { chromium } from "playwright-core";

const [url, file] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const timeout = 15000;
const step = (name) => console.log(`ok: ${name}`);
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector("#picture svg #component-api", { timeout });
  await page.waitForSelector("#status.live", { timeout });
  step("the design is drawn and the page is live");

  fs.appendFileSync(file, 'service extra "Added while watching"\napi -> extra: call\n');
  await page.waitForSelector("#picture svg #component-extra", { timeout });
  step("a new component appears");

  const good = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, good + "servise broken {\n");
  await page.waitForSelector("#errors:not([hidden])", { timeout });
  const errors = await page.textContent("#errors");
  if (!errors.includes("line") && !errors.includes("servise")) throw new Error(`errors shown: ${errors}`);
  step("an error replaces the picture");

  fs.writeFileSync(file, good);
  await page.waitForSelector("#errors", { state: "hidden", timeout });
  await page.waitForSelector("#picture svg #component-extra", { timeout });
  step("the error disappears when the file is fixed");

  await page.click("#findings li >> nth=0");
  await page.waitForSelector("#picture .wb-highlight", { timeout });
  step("clicking a finding highlights its component");

  const tabs = await page.$$eval("#tabs button", (buttons) => buttons.map((b) => b.textContent));
  if (!tabs.includes("design") || !tabs.some((t) => t.startsWith("flow: "))) throw new Error(`tabs: ${tabs}`);
  step("the flows are tabs");
} finally {
  await browser.close();
}
