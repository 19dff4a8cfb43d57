// Instagram's and Facebook Messenger's "Download your information" in JSON:
// `…/messages/inbox/<thread>/message_1.json` (message_2.json… for long threads), each with the
// thread's participants and its messages, newest first. Written by hand: the format is plain JSON
// and no maintained npm reader exists. Meta writes every string as UTF-8 bytes escaped one byte at a
// time as Latin-1 ("\u00e0\u00a4\u00b9" for "ह"), so each string is repaired here before use.
import { z } from 'zod';

export type MetaPlatform = 'instagram' | 'messenger';

export interface MetaMessage {
  sender: string | null;
  /** UTC milliseconds. */
  timestampMs: number;
  text: string;
  /** Relative paths (uri) of the photos, videos, audio and files it sent. */
  media: string[];
  /** A shared link, if any. */
  link: string | null;
}

export interface MetaThread {
  platform: MetaPlatform;
  title: string | null;
  threadPath: string | null;
  participants: string[];
  /** Oldest first. */
  messages: MetaMessage[];
}

/**
 * Undoes Meta's escaping: a string whose characters are all single bytes that form valid UTF-8 is
 * decoded as UTF-8. A string already right (any character above U+00FF) or not valid UTF-8 as bytes
 * (a real "café" in Latin-1) is left as it is.
 */
export function repairMojibake(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  const bytes = Buffer.from(text, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

const Uri = z.object({ uri: z.string() }).loose();
const MessageSchema = z
  .object({
    sender_name: z.string().optional(),
    timestamp_ms: z.number(),
    content: z.string().optional(),
    photos: z.array(Uri).optional(),
    videos: z.array(Uri).optional(),
    audio_files: z.array(Uri).optional(),
    files: z.array(Uri).optional(),
    gifs: z.array(Uri).optional(),
    sticker: Uri.optional(),
    share: z.object({ link: z.string().optional() }).loose().optional(),
    is_geoblocked_for_viewer: z.boolean().optional(),
  })
  .loose();

const ThreadSchema = z
  .object({
    participants: z.array(z.object({ name: z.string() }).loose()),
    messages: z.array(z.unknown()),
    title: z.string().optional(),
    thread_path: z.string().optional(),
  })
  .loose();

/** True when the value has the shape of a message_N.json. */
export function looksLikeMetaThread(value: unknown): boolean {
  return ThreadSchema.safeParse(value).success;
}

/**
 * Reads a parsed message_N.json; null when it is not one. Which service wrote it is told by the
 * paths its media name ('your_instagram_activity/…'), the fields only Instagram writes, or the
 * name the file had inside the export.
 */
export function readMetaThread(value: unknown, pathHint = ''): MetaThread | null {
  const parsed = ThreadSchema.safeParse(value);
  if (!parsed.success) return null;
  const messages: MetaMessage[] = [];
  let instagram = /instagram/i.test(pathHint);
  for (const raw of parsed.data.messages) {
    const item = MessageSchema.safeParse(raw);
    if (!item.success) continue;
    const m = item.data;
    if (m.is_geoblocked_for_viewer !== undefined) instagram = true;
    const media = [
      ...(m.photos ?? []),
      ...(m.videos ?? []),
      ...(m.audio_files ?? []),
      ...(m.files ?? []),
      ...(m.gifs ?? []),
      ...(m.sticker === undefined ? [] : [m.sticker]),
    ].map((entry) => repairMojibake(entry.uri));
    if (media.some((uri) => /instagram/i.test(uri))) instagram = true;
    const link = m.share?.link === undefined ? null : repairMojibake(m.share.link);
    messages.push({
      sender: m.sender_name === undefined ? null : repairMojibake(m.sender_name),
      timestampMs: m.timestamp_ms,
      text: repairMojibake(m.content ?? ''),
      media,
      link,
    });
  }
  // The files list newest first; the timeline and the conversation read oldest first. A stable
  // sort keeps the file's order among messages of the same millisecond (reversed, so oldest first).
  messages.reverse();
  messages.sort((a, b) => a.timestampMs - b.timestampMs);
  return {
    platform: instagram ? 'instagram' : 'messenger',
    title: parsed.data.title === undefined ? null : repairMojibake(parsed.data.title),
    threadPath: parsed.data.thread_path ?? null,
    participants: parsed.data.participants.map((p) => repairMojibake(p.name)),
    messages,
  };
}

/** The account owner as the export's profile file names her. */
export interface MetaProfile {
  /** The name shown on her profile: what her messages carry as `sender_name`. */
  name: string | null;
  /** Her username (Instagram), which some exports write as the sender instead. */
  username: string | null;
}

const StringMap = z.record(z.string(), z.object({ value: z.string().optional() }).loose());
// Instagram: personal_information/personal_information/personal_information.json (older exports:
// account_information/personal_information.json), `profile_user[0].string_map_data` with "Name"
// and "Username" entries, each `{value}`. Facebook: profile_information/profile_information.json,
// `profile_v2.name.full_name`. Strings are escaped as in the threads.
const InstagramProfileSchema = z
  .object({ profile_user: z.array(z.object({ string_map_data: StringMap }).loose()).min(1) })
  .loose();
const FacebookProfileSchema = z
  .object({
    profile_v2: z.object({ name: z.object({ full_name: z.string() }).loose() }).loose(),
  })
  .loose();

/** Reads a parsed profile file of a DYI export; null when it is not one or names nobody. */
export function readMetaProfile(value: unknown): MetaProfile | null {
  const instagram = InstagramProfileSchema.safeParse(value);
  if (instagram.success) {
    const map = instagram.data.profile_user[0]?.string_map_data ?? {};
    const entry = (key: string): string | null => {
      const found = Object.entries(map).find(([name]) => name.toLowerCase() === key)?.[1].value;
      return found === undefined || found.trim() === '' ? null : repairMojibake(found.trim());
    };
    const profile = { name: entry('name'), username: entry('username') };
    return profile.name === null && profile.username === null ? null : profile;
  }
  const facebook = FacebookProfileSchema.safeParse(value);
  if (facebook.success && facebook.data.profile_v2.name.full_name.trim() !== '') {
    return { name: repairMojibake(facebook.data.profile_v2.name.full_name.trim()), username: null };
  }
  return null;
}

/** personal_information.json / profile_information.json: where a DYI export names its owner. */
export function isMetaProfileName(name: string): boolean {
  return /(?:^|\/)(?:personal_information|profile_information)\.json$/i.test(name);
}

/** 'messages/inbox/ravi_123/message_1.json' and the like: a thread file of a DYI export. */
export function isMetaThreadName(name: string): boolean {
  return /(?:^|\/)message_\d+\.json$/i.test(name);
}
