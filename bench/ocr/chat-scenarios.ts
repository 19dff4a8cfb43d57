// The labelled chat screenshots: what each one shows (header, day separators, bubbles with side,
// text and visible time), decided here from a seeded generator so the set is the same on every
// run. chat-html.ts draws a label; generate-chats.ts renders and saves it. The labels are the
// answer key of the text-reading bench and of its test sample.

export type ChatLanguage = 'en' | 'hi' | 'mixed';
export type ChatLayout = 'android' | 'iphone';
export type ChatTheme = 'light' | 'dark';
export type ImageFormat = 'png' | 'jpeg';
export type Side = 'theirs' | 'mine';

export interface DayLabel {
  kind: 'day';
  /** As shown: "Today", "Yesterday", "Monday", "12 May 2024". */
  text: string;
  /** The calendar day it stands for, YYYY-MM-DD. */
  date: string;
}

export interface MessageLabel {
  kind: 'message';
  side: Side;
  text: string;
  /** As shown in the bubble: "9:41 pm", "21:41", "9:41 PM". */
  time: string;
  /** Local wall-clock time the bubble stands for, YYYY-MM-DDTHH:MM (case zone). */
  at: string;
  ticks: 'read' | 'delivered' | null;
}

export interface ChatLabel {
  file: string;
  language: ChatLanguage;
  layout: ChatLayout;
  theme: ChatTheme;
  format: ImageFormat;
  /** The moment of the screenshot, local wall-clock (case zone), YYYY-MM-DDTHH:MM. */
  capturedAt: string;
  zone: 'Asia/Kolkata';
  /** The chat's title as shown: a saved name or a number. */
  header: string;
  /** The phone number in the header when it shows one, as shown. */
  headerNumber: string | null;
  clock: '12h' | '24h';
  items: (DayLabel | MessageLabel)[];
}

const THEIRS_EN = [
  'Pay your EMI of Rs 4500 today or we will call your family',
  'Last warning. Call 98765 43210 now',
  'Why are you not picking up the phone',
  'Your loan is overdue by 12 days',
  'Send the payment to recovery.desk@okaxis before 6 pm',
  'We know where you work',
  'Your photos will be sent to all your contacts',
  'Call me back immediately',
  'This is the final notice from the recovery team',
  'Pay now or face legal action',
  'Your brother also has our number now',
  'Transfer 2300 to UPI ID cashnow@ybl today',
];
const MINE_EN = [
  'I will pay on Friday',
  'Please stop calling my family',
  'I already paid 2000 yesterday',
  'Who is this',
  'Please send me the loan statement',
  'I am at work, I cannot talk now',
  'Stop messaging me at night',
];
const THEIRS_HI = [
  'आज शाम तक पैसे जमा करो',
  'वरना तुम्हारे घर वालों को फोन करेंगे',
  'तुम्हारा लोन बारह दिन से बकाया है',
  'अभी कॉल करो नहीं तो अंजाम बुरा होगा',
  'यह आखिरी चेतावनी है',
  'तुम्हारी फोटो सबको भेज देंगे',
  'पैसे कब दोगे',
  'हम तुम्हारे दफ्तर आ रहे हैं',
];
const MINE_HI = [
  'मैं शुक्रवार को पैसे दूंगा',
  'मेरे परिवार को फोन मत करो',
  'कृपया मुझे परेशान मत करो',
  'मैंने कल दो हजार भेज दिए',
  'आप कौन बोल रहे हैं',
];
const THEIRS_MIXED = [
  'आज EMI नहीं भरी तो family को call करेंगे',
  'Last warning है, अभी payment करो',
  'UPI पर 4500 भेजो cashnow@ybl',
  'Call 98765 43210 तुरंत',
  'तुम्हारा loan overdue है',
  'Office में सबको बता देंगे',
];
const MINE_MIXED = [
  'Friday को payment कर दूंगा',
  'Please मेरे घर पर call मत करो',
  'मैंने 2000 already भेज दिए',
  'Statement भेजो please',
];

const NAMES = [
  'Recovery Agent',
  'Ravi Recovery',
  'Loan Office',
  'Rahul Collection',
  'QuickCash Desk',
];
const NUMBERS = ['+91 98765 43210', '+91 87654 32109', '+91 99887 76655', '+91 70123 45678'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** mulberry32: a small seeded generator, so the set is identical on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function formatDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The separator text for a day, as WhatsApp writes it relative to the capture day. */
function formatDayText(day: Date, capture: Date): string {
  const days = Math.round((capture.getTime() - day.getTime()) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 7) return WEEKDAYS[day.getUTCDay()] ?? '';
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()] ?? ''} ${day.getUTCFullYear()}`;
}

function formatTime(minutes: number, clock: '12h' | '24h', layout: ChatLayout): string {
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  if (clock === '24h') return `${pad(hour)}:${pad(minute)}`;
  const suffix = hour < 12 ? 'am' : 'pm';
  const shown = hour % 12 === 0 ? 12 : hour % 12;
  return `${shown}:${pad(minute)} ${layout === 'iphone' ? suffix.toUpperCase() : suffix}`;
}

function pools(language: ChatLanguage): { theirs: string[]; mine: string[] } {
  if (language === 'en') return { theirs: THEIRS_EN, mine: MINE_EN };
  if (language === 'hi') return { theirs: THEIRS_HI, mine: MINE_HI };
  return { theirs: THEIRS_MIXED, mine: MINE_MIXED };
}

interface Combination {
  language: ChatLanguage;
  layout: ChatLayout;
  theme: ChatTheme;
  format: ImageFormat;
}

function listCombinations(): Combination[] {
  const list: Combination[] = [];
  for (const language of ['en', 'hi', 'mixed'] as const)
    for (const layout of ['android', 'iphone'] as const)
      for (const theme of ['light', 'dark'] as const)
        for (const format of ['png', 'jpeg'] as const)
          list.push({ language, layout, theme, format });
  return list;
}

/** Days shown in one screenshot, oldest first, each with how many messages it holds. */
function chooseDays(random: () => number, capture: Date): Date[] {
  const gaps = [[1, 0], [0], [2, 1], [9, 0], [3], [15, 1], [4, 2], [1]];
  const gap = pick(random, gaps);
  return gap.map((back) => new Date(capture.getTime() - back * 86_400_000));
}

function buildMessages(
  random: () => number,
  combination: Combination,
  days: Date[],
  capture: Date,
  captureMinutes: number,
  clock: '12h' | '24h',
): (DayLabel | MessageLabel)[] {
  const { theirs, mine } = pools(combination.language);
  const items: (DayLabel | MessageLabel)[] = [];
  const total = 4 + Math.floor(random() * 3);
  days.forEach((day, dayIndex) => {
    const isCaptureDay = formatDate(day) === formatDate(capture);
    items.push({ kind: 'day', text: formatDayText(day, capture), date: formatDate(day) });
    const count =
      dayIndex === days.length - 1
        ? total - Math.floor(total / 2) * (days.length - 1)
        : Math.floor(total / 2);
    const latest = isCaptureDay ? captureMinutes - 2 : 23 * 60 + 40;
    let minutes = Math.max(0, latest - count * 40 - Math.floor(random() * 300));
    for (let index = 0; index < count; index += 1) {
      minutes = Math.min(latest, minutes + 3 + Math.floor(random() * 50));
      const side: 'theirs' | 'mine' = random() < 0.65 ? 'theirs' : 'mine';
      const text = pick(random, side === 'theirs' ? theirs : mine);
      items.push({
        kind: 'message',
        side,
        text,
        time: formatTime(minutes, clock, combination.layout),
        at: `${formatDate(day)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
        ticks: side === 'mine' ? (random() < 0.7 ? 'read' : 'delivered') : null,
      });
    }
  });
  return items;
}

/** The whole labelled set: `perCombination` screenshots of each of the 24 kinds. */
export function generateChatLabels(perCombination: number, seed = 20): ChatLabel[] {
  const random = createRandom(seed);
  const labels: ChatLabel[] = [];
  for (let round = 0; round < perCombination; round += 1) {
    for (const combination of listCombinations()) {
      const capture = new Date(Date.UTC(2024, 4, 10 + Math.floor(random() * 15)));
      const captureMinutes = 19 * 60 + Math.floor(random() * 260);
      const clock = random() < 0.7 ? '12h' : '24h';
      const byNumber = random() < 0.5;
      const header = byNumber ? pick(random, NUMBERS) : pick(random, NAMES);
      const days = chooseDays(random, capture);
      const items = buildMessages(random, combination, days, capture, captureMinutes, clock);
      const index = labels.length + 1;
      const name = `${String(index).padStart(3, '0')}-${combination.language}-${combination.layout}-${combination.theme}`;
      labels.push({
        file: `${name}.${combination.format === 'png' ? 'png' : 'jpg'}`,
        ...combination,
        capturedAt: `${formatDate(capture)}T${pad(Math.floor(captureMinutes / 60))}:${pad(captureMinutes % 60)}`,
        zone: 'Asia/Kolkata',
        header,
        headerNumber: byNumber ? header : null,
        clock,
        items,
      });
    }
  }
  return labels;
}

/**
 * A WhatsApp chat with a recovery agent's number, for the tests: three of its four messages from
 * the agent came after 7 pm. Saved under an Android screenshot's name, so the import dates it to
 * 13 May 2024 10:20 (the case's clock) and "Yesterday" is 12 May.
 */
export function createHarasserChatLabel(): ChatLabel {
  const message = (at: string, side: Side, text: string, time: string): MessageLabel => ({
    kind: 'message',
    side,
    text,
    time,
    at,
    ticks: side === 'mine' ? 'read' : null,
  });
  return {
    file: 'Screenshot_20240513-102000_WhatsApp.png',
    language: 'en',
    layout: 'android',
    theme: 'light',
    format: 'png',
    capturedAt: '2024-05-13T10:20',
    zone: 'Asia/Kolkata',
    header: '+91 98765 43210',
    headerNumber: '+91 98765 43210',
    clock: '12h',
    items: [
      { kind: 'day', text: 'Yesterday', date: '2024-05-12' },
      message('2024-05-12T15:10', 'theirs', 'Pay today', '3:10 pm'),
      message('2024-05-12T20:49', 'theirs', 'We will call your brother', '8:49 pm'),
      message('2024-05-12T21:41', 'theirs', 'PAY NOW or we visit your office', '9:41 pm'),
      message('2024-05-12T22:03', 'mine', 'Please stop messaging at night', '10:03 pm'),
      { kind: 'day', text: 'Today', date: '2024-05-13' },
      message('2024-05-13T09:15', 'theirs', 'Last warning. Call 98765 43210 now', '9:15 am'),
    ],
  };
}
