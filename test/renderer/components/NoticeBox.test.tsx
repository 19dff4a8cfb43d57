// @vitest-environment jsdom
// The notice box above a case says when it holds more than it shows: how many notices are below,
// and "Show all notices", reached from the keyboard, in English and Hindi. jsdom lays nothing out,
// so the box's size and each notice's place are given here (Chromium measures them for real in
// test/e2e/vault-warnings.e2e.test.ts).
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoticeBox, findNoticesBelow } from '../../../renderer/src/components/NoticeBox';
import { createI18n } from '../../../renderer/src/i18n';

/** The box shows 230 px; the bar stuck to its bottom starts at 200 px. */
const BOX = { height: 230, barTop: 200 };
let contentHeight = 600;

// jsdom keeps these on Element.prototype: they are shadowed on HTMLElement.prototype here, and
// the shadows deleted after each test.
const STUBBED = ['scrollHeight', 'clientHeight', 'scrollTop', 'getBoundingClientRect'] as const;
let scrollTop = 0;

beforeEach(() => {
  contentHeight = 600;
  scrollTop = 0;
  Object.defineProperty(HTMLElement.prototype, 'scrollTop', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'notices' ? scrollTop : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'notices' ? contentHeight : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'notices' ? Math.min(BOX.height, contentHeight) : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'getBoundingClientRect', {
    configurable: true,
    value: function (this: HTMLElement) {
      const top =
        this.dataset.testid === 'notices-more' ? BOX.barTop : Number(this.dataset.top ?? '0');
      const bottom =
        this.dataset.testid === 'notices' ? BOX.height : Number(this.dataset.bottom ?? top);
      return {
        top,
        bottom,
        left: 0,
        right: 0,
        width: 0,
        height: bottom - top,
        x: 0,
        y: top,
      } as DOMRect;
    },
  });
});

afterEach(() => {
  cleanup();
  for (const name of STUBBED) Reflect.deleteProperty(HTMLElement.prototype, name);
});

/** Three notices: the first goes on below the bar, the other two are wholly below it. */
function renderBox(view: string, language: 'en' | 'hi' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <NoticeBox view={view}>
        <section data-top="10" data-bottom="320">
          <button type="button">OK</button>
        </section>
        <section data-top="330" data-bottom="450">
          Your passphrase has changed
        </section>
        <section data-top="460" data-bottom="590">
          A third notice
        </section>
      </NoticeBox>
    </I18nextProvider>,
  );
}

describe('the notice box above a case', () => {
  it('says how many notices are below, and shows them all from the keyboard', async () => {
    const user = userEvent.setup();
    renderBox('case');
    const bar = await screen.findByTestId('notices-more');
    expect(bar.textContent).toContain('2 more notices below');
    // From the notice's own button, Tab reaches "Show all notices"; Enter lifts the limit.
    await user.click(screen.getByRole('button', { name: 'OK' }));
    await user.tab();
    const showAll = screen.getByRole('button', { name: 'Show all notices' });
    expect(document.activeElement).toBe(showAll);
    expect(showAll.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{Enter}');
    const fewer = screen.getByRole('button', { name: 'Show fewer' });
    expect(fewer.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('notices').dataset.expanded).toBe('true');
    expect(screen.getByTestId('notices-more').textContent).not.toContain('below');
    await user.click(fewer);
    expect(screen.getByTestId('notices').dataset.expanded).toBeUndefined();
    expect(screen.getByTestId('notices-more').textContent).toContain('2 more notices below');
  });

  it('fades its top once scrolled, so what is above is not lost from sight either', async () => {
    renderBox('case');
    await screen.findByTestId('notices-more');
    expect(document.querySelector('.notices-fade-top')).toBeNull();
    scrollTop = 120;
    fireEvent.scroll(screen.getByTestId('notices'));
    expect(document.querySelector('.notices-fade-top')?.getAttribute('aria-hidden')).toBe('true');
    // The fade is not counted as a notice.
    expect(screen.getByTestId('notices-more').textContent).toContain('2 more notices below');
  });

  it('says it in Hindi', async () => {
    renderBox('case', 'hi');
    const bar = await screen.findByTestId('notices-more');
    expect(bar.textContent).toContain('नीचे 2 और सूचनाएँ हैं');
    expect(screen.getByRole('button', { name: 'सभी सूचनाएँ दिखाएँ' })).toBeTruthy();
  });

  it('shows no bar when everything fits, or away from a case where the box is not limited', () => {
    contentHeight = 200;
    renderBox('case');
    expect(screen.queryByTestId('notices-more')).toBeNull();
    cleanup();
    contentHeight = 600;
    renderBox('home');
    expect(screen.queryByTestId('notices-more')).toBeNull();
  });
});

describe('what lies below the notices in sight', () => {
  it('counts notices wholly below, and says when the one in sight goes on', () => {
    const notices = [
      { top: 0, bottom: 300 },
      { top: 310, bottom: 400 },
    ];
    expect(findNoticesBelow(notices, 200)).toEqual({ hidden: 1, cutOff: true });
    expect(findNoticesBelow(notices, 350)).toEqual({ hidden: 0, cutOff: true });
    expect(findNoticesBelow(notices, 400)).toEqual({ hidden: 0, cutOff: false });
    // Rounding: a notice ending half a pixel below the bar is in sight.
    expect(findNoticesBelow(notices, 399.5)).toEqual({ hidden: 0, cutOff: false });
  });
});
