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

  const inside = (selector) => page.evaluate((selector) => {
    const view = document.getElementById("viewport").getBoundingClientRect();
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.left >= view.left - 1 && box.right <= view.right + 1
      && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  }, selector);
  await page.setViewportSize({ width: 900, height: 600 });
  await page.click("#zoom-fit");
  if (!(await inside("#picture svg"))) throw new Error("the picture does not fit the window");
  step("the picture fits the window");

  const level = async () => parseInt(await page.textContent("#level"), 10);
  const fitted = await level();
  await page.click("#zoom-in");
  if (!((await level()) > fitted)) throw new Error("zoom in does not enlarge");
  await page.mouse.move(300, 300);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, 400);
  await page.keyboard.up("Control");
  if (!((await level()) < fitted * 1.25)) throw new Error("ctrl + wheel does not zoom out");
  step("buttons and ctrl + wheel zoom");
  await page.click("#zoom-in");
  await page.click("#zoom-in");
  await page.click("#zoom-in");

  fs.appendFileSync(file, 'service extra "Added while watching"\napi -> extra: call\n');
  await page.waitForSelector("#picture svg #component-extra", { timeout });
  step("a new component appears");

  const good = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, good + "servise broken {\n");
  await page.waitForSelector("#errors:not([hidden])", { timeout });
  const errors = await page.textContent("#errors");
  if (!errors.includes("line") && !errors.includes("servise")) throw new Error(`errors shown: ${errors}`);
  step("an error replaces the picture");
  await page.waitForSelector("#picture.stale svg #component-extra", { timeout });
  const kept = await page.$$eval("#tabs button", (buttons) => buttons.length);
  const title = await page.textContent("#title");
  if (kept < 2 || title === "untitled design") throw new Error(`tabs ${kept}, title ${title}`);
  step("the title, tabs and last good picture stay, dimmed, behind the error");

  fs.writeFileSync(file, good);
  await page.waitForSelector("#errors", { state: "hidden", timeout });
  await page.waitForSelector("#picture svg #component-extra", { timeout });
  step("the error disappears when the file is fixed");

  for (let i = 0; i < 4; i++) await page.click("#zoom-in");
  await page.click("#findings li >> nth=0");
  await page.waitForSelector("#picture .wb-highlight", { timeout });
  if (!(await inside("#picture .wb-highlight"))) throw new Error("the finding's component is off screen");
  step("clicking a finding highlights its component");
  step("the highlighted component is brought into view");

  const tabs = await page.$$eval("#tabs button", (buttons) => buttons.map((b) => b.textContent));
  if (!tabs.includes("design") || !tabs.some((t) => t.startsWith("flow: "))) throw new Error(`tabs: ${tabs}`);
  step("the flows are tabs");
} finally {
  await browser.close();
}
