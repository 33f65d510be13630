#!/usr/bin/env node
// Draws media/icon.png (128×128, RGBA) with no dependencies: a dark rounded tile with a falling
// training-loss curve ending in a bright dot — "training, going well". PNG written with node:zlib.
//   node scripts/make-icon.mjs [out.png]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersamples per axis, for anti-aliasing
const out = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'media', 'icon.png');

const BG = [0x1e, 0x2a, 0x3a];
const GRID = [0x33, 0x45, 0x5c];
const CURVE = [0xff, 0x9f, 0x1c];
const DOT = [0x5e, 0xe6, 0xb0];

/** Signed distance to a rounded square tile. */
function tile(x, y) {
  const r = 26, half = 60, c = 64;
  const qx = Math.abs(x - c) - (half - r), qy = Math.abs(y - c) - (half - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The loss curve: y = a·e^(−k·t) + floor, sampled as a polyline. */
const curve = [];
for (let i = 0; i <= 64; i++) {
  const t = i / 64;
  curve.push([26 + t * 76, 92 - 58 * Math.exp(-4.2 * t) + 2 * Math.sin(t * 19) * (1 - t)]);
}
function distToCurve(x, y) {
  let best = Infinity;
  for (let i = 1; i < curve.length; i++) {
    const [ax, ay] = curve[i - 1], [bx, by] = curve[i];
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}
const [endX, endY] = curve[curve.length - 1];

function colorAt(x, y) {
  if (tile(x, y) > 0) return null;
  let c = BG;
  const onAxis = (Math.abs(x - 24) < 1.5 && y > 28 && y < 102) || (Math.abs(y - 102) < 1.5 && x > 24 && x < 106);
  const onGrid = (y > 28 && y < 102 && x > 24 && x < 106) && ((Math.abs(((y - 102) % 18)) < 0.6));
  if (onAxis || onGrid) c = GRID;
  if (distToCurve(x, y) < 4.2) c = CURVE;
  if (Math.hypot(x - endX, y - endY) < 8) c = DOT;
  return c;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
      const c = colorAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
      if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    if (a) { raw[o] = Math.round(r / a); raw[o + 1] = Math.round(g / a); raw[o + 2] = Math.round(b / a); }
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`${out}: ${SIZE}×${SIZE}, ${png.length} bytes`);
