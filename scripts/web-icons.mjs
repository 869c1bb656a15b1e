#!/usr/bin/env node
// Draws the web app's icons (web/public/icons/*.png): a red bell, the tocsin, on the app's dark
// background, plus a white one for Android's status bar. PNGs because iOS and Chrome's install
// prompt want them; drawn here rather than kept from an editor so they can be changed by code.
// Run: node scripts/web-icons.mjs (the output is committed).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [0x1a, 0x1b, 0x1e, 255];
const RED = [0xe0, 0x31, 0x31, 255];
const WHITE = [255, 255, 255, 255];

/** Whether (x, y), in units of the icon's side, is on the bell; `s` scales it about the centre. */
function onBell(x, y, s) {
  [x, y] = [(x - 0.5) / s + 0.5, (y - 0.5) / s + 0.5];
  const inCircle = (cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const dome = y <= 0.42 && inCircle(0.5, 0.42, 0.22);
  const body = y >= 0.42 && y <= 0.62 && x >= 0.28 && x <= 0.72;
  const flare = y >= 0.62 && y <= 0.7 && Math.abs(x - 0.5) <= 0.22 + ((y - 0.62) / 0.08) * 0.08;
  return dome || body || flare || inCircle(0.5, 0.19, 0.04) || inCircle(0.5, 0.76, 0.06);
}

/** RGBA pixels, 4×4 supersampled so the edges are smooth. */
function draw(size, { bg, fg, scale }) {
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let i = 0; i < 16; i++) hits += onBell((x + ((i % 4) + 0.5) / 4) / size, (y + (Math.floor(i / 4) + 0.5) / 4) / size, scale) ? 1 : 0;
      const a = hits / 16;
      const o = (y * size + x) * 4;
      for (let c = 0; c < 4; c++) px[o + c] = Math.round(fg[c] * a + (bg ? bg[c] : c === 3 ? 0 : fg[c]) * (1 - a));
      if (!bg) px[o + 3] = Math.round(255 * a);
    }
  }
  return px;
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => (buf.reduce((c, b) => CRC[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, px) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.concat(Array.from({ length: size }, (_, y) => Buffer.concat([Buffer.from([0]), px.subarray(y * size * 4, (y + 1) * size * 4)])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const out = new URL('../web/public/icons/', import.meta.url);
const icons = [
  ['icon-192.png', 192, { bg: BG, fg: RED, scale: 1 }],
  ['icon-512.png', 512, { bg: BG, fg: RED, scale: 1 }],
  // Maskable: launchers crop to a shape; the bell stays inside the central safe circle.
  ['maskable-512.png', 512, { bg: BG, fg: RED, scale: 0.8 }],
  ['apple-touch-icon.png', 180, { bg: BG, fg: RED, scale: 0.9 }],
  // Android draws the badge from its alpha channel only.
  ['badge-96.png', 96, { bg: null, fg: WHITE, scale: 1.1 }],
];
for (const [name, size, style] of icons) writeFileSync(new URL(name, out), png(size, draw(size, style)));
console.log(`wrote ${icons.length} icons in web/public/icons`);
