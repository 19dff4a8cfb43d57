// Renders the labelled chat screenshots in Debian's Chromium and writes them with labels.json.
// PNG as Chromium draws them; "jpeg" ones are recompressed (quality 72, 4:2:0) as messaging apps
// and galleries do. `tsx bench/ocr/generate-chats.ts OUT_DIR [PER_KIND] [--sample]`: --sample
// writes the small sample the test uses (test/fixtures/chat-screenshots/), and the harasser's chat
// (harasser/) the proposed-messages tests import.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { launchChromium } from '../../test/helpers/chromium';
import { drawChatHtml } from './chat-html';
import { createHarasserChatLabel, generateChatLabels, type ChatLabel } from './chat-scenarios';

const VIEWPORTS = {
  android: { width: 392, height: 840 },
  iphone: { width: 390, height: 844 },
} as const;

/** Screens from every kind: language × layout × theme × format, one of each of ten. */
export function selectSample(labels: readonly ChatLabel[]): ChatLabel[] {
  const wanted = [0, 3, 5, 6, 9, 12, 15, 17, 18, 22];
  return wanted
    .map((index) => labels[index])
    .filter((label): label is ChatLabel => label !== undefined);
}

/** Renders each label into `outDir` and writes `labels.json`; returns the labels written. */
export async function renderChats(
  labels: readonly ChatLabel[],
  outDir: string,
): Promise<ChatLabel[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const layout of ['android', 'iphone'] as const) {
      const context = await browser.newContext({
        viewport: VIEWPORTS[layout],
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      for (const label of labels.filter((one) => one.layout === layout)) {
        await page.setContent(drawChatHtml(label));
        await page.evaluate(() => document.fonts.ready);
        const clipped = await page.evaluate(() => {
          const chat = document.querySelector('.chat');
          const first = chat?.firstElementChild;
          return chat === null || first === null || first === undefined
            ? true
            : first.getBoundingClientRect().top < chat.getBoundingClientRect().top;
        });
        if (clipped) throw new Error(`${label.file}: the chat does not fit on the screen`);
        const png = await page.screenshot({ type: 'png' });
        const target = path.join(outDir, label.file);
        if (label.format === 'png') fs.writeFileSync(target, png);
        else await sharp(png).jpeg({ quality: 72, chromaSubsampling: '4:2:0' }).toFile(target);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(outDir, 'labels.json'), `${JSON.stringify(labels, null, 1)}\n`);
  return [...labels];
}

async function main(): Promise<void> {
  const [outDir, perKind = '5'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (outDir === undefined)
    throw new Error('Usage: generate-chats.ts OUT_DIR [PER_KIND] [--sample]');
  const labels = generateChatLabels(Number(perKind));
  const chosen = process.argv.includes('--sample') ? selectSample(labels) : labels;
  await renderChats(chosen, outDir);
  if (process.argv.includes('--sample'))
    await renderChats([createHarasserChatLabel()], path.join(outDir, 'harasser'));
  console.log(`${chosen.length} chat screenshots in ${outDir}`);
}

if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) {
  await main();
}
