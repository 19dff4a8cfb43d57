// Small real audio files written byte by byte, so tests need no encoder: an 8-bit PCM WAV (every
// browser plays it) and an AMR-NB file (the phones' recorders' format, which browsers cannot play).

/** A WAV of `seconds` seconds: mono, 8 kHz, 8-bit, a quiet square wave. */
export function makeWav(seconds: number, rate = 8000): Buffer {
  const count = Math.round(rate * seconds);
  const samples = Buffer.alloc(count);
  for (let index = 0; index < count; index += 1)
    samples[index] = Math.floor(index / 20) % 2 === 0 ? 108 : 148;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + count, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(count, 40);
  return Buffer.concat([header, samples]);
}

/** An AMR-NB file of `seconds` seconds: the magic line, then 12.2 kbit/s frames of 20 ms each. */
export function makeAmr(seconds: number): Buffer {
  const frame = Buffer.alloc(32);
  // Frame header: mode 7 (12.2 kbit/s), quality bit set.
  frame[0] = 0x3c;
  const frames = Array.from({ length: Math.round(seconds * 50) }, () => frame);
  return Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), ...frames]);
}

function riffChunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
}

/**
 * A WAV whose RIFF INFO tags give a recording date (ICRD, as recorders and editors write it), the
 * tag music-metadata reads as the recording's date.
 */
export function makeTaggedWav(seconds: number, recorded: string): Buffer {
  const wav = makeWav(seconds);
  const date = riffChunk('ICRD', Buffer.from(`${recorded}\0`, 'ascii'));
  const info = riffChunk('LIST', Buffer.concat([Buffer.from('INFO', 'ascii'), date]));
  const tagged = Buffer.concat([wav.subarray(0, 12), wav.subarray(12), info]);
  tagged.writeUInt32LE(tagged.length - 8, 4);
  return tagged;
}
