// @vitest-environment jsdom
// A file a chat message sent shows as its name beside an inline SVG line icon, never an emoji:
// the paperclip emoji showed as an empty box in Debian's Chromium, which has no colour-emoji font.
// The same holds for a picture whose thumbnail has not come (or cannot come), in English and Hindi;
// and no screen's source or words carry a colour emoji at all.
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { ChatAttachment } from '../../../../renderer/src/components/viewer/ChatAttachment';
import { createI18n, type Language } from '../../../../renderer/src/i18n';
import { createViewerMemory, evidenceId, makeDetails } from '../../helpers/viewer-api';

afterEach(cleanup);

/** Characters drawn from a colour-emoji font by default, or from the planes only such fonts cover. */
const EMOJI = /\p{Emoji_Presentation}|[\u{1F000}-\u{1FAFF}]/u;

function renderFile(language: Language, file: Parameters<typeof ChatAttachment>[0]['file']) {
  // The double knows no thumbnail call, so a picture stays at its placeholder.
  const memory = createViewerMemory([makeDetails(3)]);
  const { container } = render(
    <ApiContext value={memory.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <ChatAttachment file={file} />
      </I18nextProvider>
    </ApiContext>,
  );
  return container;
}

describe('a file sent in a chat', () => {
  it.each(['en', 'hi'] as const)(
    'shows a document as its name beside a line icon, with no emoji (%s)',
    (language) => {
      const container = renderFile(language, {
        name: 'loan-agreement.pdf',
        evidenceId: evidenceId(3),
        mediaType: 'application/pdf',
      });
      const icon = container.querySelector('svg.type-icon');
      expect(icon?.getAttribute('data-kind')).toBe('document');
      expect(icon?.getAttribute('aria-hidden')).toBe('true');
      expect(container.textContent.trim()).toBe('loan-agreement.pdf');
      expect(EMOJI.test(container.textContent)).toBe(false);
    },
  );

  it('shows a picture waiting for its thumbnail with a picture icon, in English and Hindi', async () => {
    for (const language of ['en', 'hi'] as const) {
      const container = renderFile(language, {
        name: 'IMG-20240512-WA0001.jpg',
        evidenceId: evidenceId(3),
        mediaType: 'image/jpeg',
      });
      await screen.findByText('IMG-20240512-WA0001.jpg');
      expect(container.querySelector('svg.type-icon')?.getAttribute('data-kind')).toBe('image');
      expect(EMOJI.test(container.textContent)).toBe(false);
      cleanup();
    }
  });

  it('says a file missing from the export in words, in English and Hindi', () => {
    const missing = { name: 'photo_1.jpg', evidenceId: null, mediaType: null };
    expect(renderFile('en', missing).textContent).toBe(
      'photo_1.jpg was not in the export, so it cannot be shown.',
    );
    cleanup();
    expect(renderFile('hi', missing).textContent).toBe(
      'photo_1.jpg चैट के साथ नहीं आई, इसलिए दिखाई नहीं जा सकती।',
    );
  });
});

describe('the screens and their words', () => {
  it('carry no colour emoji, which a computer without an emoji font shows as empty boxes', () => {
    const root = path.resolve(import.meta.dirname, '../../../../renderer/src');
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(tsx?|json|css)$/.test(entry.name)) {
          fs.readFileSync(full, 'utf8')
            .split('\n')
            .forEach((line, index) => {
              if (EMOJI.test(line)) found.push(`${path.relative(root, full)}:${String(index + 1)}`);
            });
        }
      }
    };
    walk(root);
    expect(found).toEqual([]);
  });
});
