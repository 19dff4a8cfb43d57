// One labelled chat drawn as a WhatsApp-style screen (Android or iPhone, light or dark), as HTML
// for Chromium to render. The look follows WhatsApp's own colours and placement: the header bar
// with the name or number, centred day pills, the other side's bubbles on the left, the user's on
// the right, each with its time at the bottom right and, on the user's, the ticks.
import type { ChatLabel, ChatLayout, ChatTheme, MessageLabel } from './chat-scenarios';

interface Palette {
  background: string;
  header: string;
  headerText: string;
  status: string;
  theirs: string;
  mine: string;
  text: string;
  time: string;
  pill: string;
  pillText: string;
  footer: string;
  input: string;
  tickRead: string;
  tickDelivered: string;
}

const PALETTES: Record<ChatLayout, Record<ChatTheme, Palette>> = {
  android: {
    light: {
      background: '#efeae2',
      header: '#008069',
      headerText: '#ffffff',
      status: '#017561',
      theirs: '#ffffff',
      mine: '#d9fdd3',
      text: '#111b21',
      time: '#667781',
      pill: '#ffffff',
      pillText: '#54656f',
      footer: '#efeae2',
      input: '#ffffff',
      tickRead: '#53bdeb',
      tickDelivered: '#8696a0',
    },
    dark: {
      background: '#0b141a',
      header: '#1f2c34',
      headerText: '#e9edef',
      status: '#1f2c34',
      theirs: '#1f2c34',
      mine: '#005c4b',
      text: '#e9edef',
      time: '#8696a0',
      pill: '#182229',
      pillText: '#8696a0',
      footer: '#0b141a',
      input: '#1f2c34',
      tickRead: '#53bdeb',
      tickDelivered: '#8696a0',
    },
  },
  iphone: {
    light: {
      background: '#efe7de',
      header: '#f6f6f6',
      headerText: '#000000',
      status: '#f6f6f6',
      theirs: '#ffffff',
      mine: '#dcf7c5',
      text: '#000000',
      time: '#7c8b95',
      pill: '#e1f2fb',
      pillText: '#4a5a66',
      footer: '#f6f6f6',
      input: '#ffffff',
      tickRead: '#34b7f1',
      tickDelivered: '#8c98a0',
    },
    dark: {
      background: '#000000',
      header: '#1c1c1e',
      headerText: '#ffffff',
      status: '#1c1c1e',
      theirs: '#262628',
      mine: '#005046',
      text: '#ffffff',
      time: '#9a9a9e',
      pill: '#1c2b33',
      pillText: '#b0b3b8',
      footer: '#1c1c1e',
      input: '#2c2c2e',
      tickRead: '#34b7f1',
      tickDelivered: '#9a9a9e',
    },
  },
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function drawTicks(colour: string): string {
  return `<svg class="ticks" viewBox="0 0 18 11" width="16" height="11"><path d="M1 6l3 3 7-8M7 9l1 0.8 7-8.6" fill="none" stroke="${colour}" stroke-width="1.6"/></svg>`;
}

function drawBubble(message: MessageLabel, palette: Palette): string {
  const ticks =
    message.ticks === null
      ? ''
      : drawTicks(message.ticks === 'read' ? palette.tickRead : palette.tickDelivered);
  return `<div class="row ${message.side}"><div class="bubble ${message.side}"><span class="text">${escapeHtml(message.text)}</span><span class="meta"><span class="time">${escapeHtml(message.time)}</span>${ticks}</span></div></div>`;
}

function drawStatusBar(label: ChatLabel): string {
  const [, clock = '00:00'] = label.capturedAt.split('T');
  const [hour = 0, minute = 0] = clock.split(':').map(Number);
  const shown =
    label.layout === 'iphone'
      ? `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}`
      : clock;
  return `<div class="status"><span>${shown}</span><span class="battery">▮ 76%</span></div>`;
}

function drawHeader(label: ChatLabel): string {
  const back = label.layout === 'iphone' ? '‹' : '←';
  const icons =
    '<span class="icon"></span><span class="icon"></span><span class="icon dots"></span>';
  const subtitle = label.layout === 'android' ? '<div class="sub">online</div>' : '';
  return `<div class="header"><span class="back">${back}</span><span class="avatar"></span><div class="title"><div class="name">${escapeHtml(label.header)}</div>${subtitle}</div>${icons}</div>`;
}

function drawStyle(label: ChatLabel, palette: Palette): string {
  const iphone = label.layout === 'iphone';
  return `
@font-face { font-family: 'Chat'; src: local('Noto Sans'); }
* { box-sizing: border-box; margin: 0; padding: 0; }
body { width: 100vw; height: 100vh; overflow: hidden; background: ${palette.background};
  font-family: 'Noto Sans', 'Noto Sans Devanagari', sans-serif; color: ${palette.text};
  display: flex; flex-direction: column; }
.status { height: 26px; background: ${palette.status}; color: ${palette.headerText}; font-size: 13px;
  display: flex; justify-content: space-between; align-items: center; padding: 0 14px; }
.header { height: ${iphone ? 52 : 58}px; background: ${palette.header}; color: ${palette.headerText};
  display: flex; align-items: center; padding: 0 8px; gap: 8px;
  ${iphone ? `border-bottom: 1px solid ${label.theme === 'light' ? '#d6d6d6' : '#2c2c2e'};` : ''} }
.back { font-size: ${iphone ? 30 : 22}px; ${iphone ? 'color: #007aff;' : ''} width: 20px; }
.avatar { width: 36px; height: 36px; border-radius: 50%; background: #9aa6ad; flex: none; }
.title { flex: 1; min-width: 0; }
.name { font-size: 17px; font-weight: 600; white-space: nowrap; }
.sub { font-size: 12.5px; opacity: 0.85; }
.icon { width: 20px; height: 20px; border: 2px solid ${iphone ? '#007aff' : palette.headerText}; border-radius: 4px; flex: none; }
.icon.dots { width: 4px; border-radius: 2px; }
.chat { flex: 1; display: flex; flex-direction: column; justify-content: flex-end; padding: 8px 0; gap: 6px; overflow: hidden; }
.day { align-self: center; background: ${palette.pill}; color: ${palette.pillText}; font-size: 12.5px;
  padding: 5px 12px; border-radius: 8px; margin: 6px 0; ${iphone ? 'font-weight: 600;' : 'text-transform: none;'} }
.row { display: flex; padding: 0 ${iphone ? 10 : 14}px; }
.row.mine { justify-content: flex-end; }
.bubble { max-width: 78%; padding: 6px 8px 7px 9px; border-radius: ${iphone ? 16 : 8}px; font-size: ${iphone ? 16 : 15}px;
  line-height: 1.35; box-shadow: 0 1px 0.5px rgba(0,0,0,0.13); }
.bubble.theirs { background: ${palette.theirs}; }
.bubble.mine { background: ${palette.mine}; }
.meta { float: right; margin: 6px 0 -4px 14px; font-size: 11px; color: ${palette.time}; display: inline-flex; align-items: center; gap: 3px; }
.ticks { margin-left: 2px; }
.footer { height: 58px; background: ${palette.footer}; display: flex; align-items: center; padding: 0 6px; gap: 6px; }
.input { flex: 1; height: 44px; border-radius: 22px; background: ${palette.input}; color: #8696a0; font-size: 16px;
  display: flex; align-items: center; padding-left: 16px; }
.mic { width: 46px; height: 46px; border-radius: 50%; background: ${iphone ? 'transparent' : '#00a884'}; flex: none; }
`;
}

/** The HTML page for one label. */
export function drawChatHtml(label: ChatLabel): string {
  const palette = PALETTES[label.layout][label.theme];
  const body = label.items
    .map((item) =>
      item.kind === 'day'
        ? `<div class="day">${escapeHtml(item.text)}</div>`
        : drawBubble(item, palette),
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${drawStyle(label, palette)}</style></head>
<body>${drawStatusBar(label)}${drawHeader(label)}<div class="chat">${body}</div>
<div class="footer"><div class="input">Message</div><div class="mic"></div></div></body></html>`;
}
