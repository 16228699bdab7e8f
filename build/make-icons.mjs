// Draws VPP Desk's app and tray icons as PNGs with nothing but zlib: the
// build machines have no ImageMagick, and committed PNGs keep packaging
// independent of any image tool. Run: node build/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'icons');

// ---- PNG encoding (RGBA, 8 bits per channel, no filtering) ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Shapes in unit coordinates (0..1), as signed-distance tests ----
function roundedSquare(x, y, inset, radius) {
  const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius <= 0;
}

function nearSegment(x, y, [ax, ay], [bx, by], halfWidth) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= halfWidth;
}

// The "V" of VPP: two strokes meeting at the bottom.
function vMark(x, y, scale, weight) {
  const c = (px, py) => [0.5 + (px - 0.5) * scale, 0.5 + (py - 0.5) * scale];
  const bottom = c(0.5, 0.76);
  return nearSegment(x, y, c(0.26, 0.26), bottom, weight) || nearSegment(x, y, c(0.74, 0.26), bottom, weight);
}

/**
 * Renders with 4x4 supersampling so edges are smooth at 16 px too.
 * paint(x, y) returns [r, g, b, a] (0..255) or null for transparent.
 */
function render(size, paint) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!colour) continue;
          const alpha = colour[3] / 255;
          r += colour[0] * alpha;
          g += colour[1] * alpha;
          b += colour[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return encodePng(size, rgba);
}

const WHITE = [255, 255, 255, 255];
const BLACK = [0, 0, 0, 255];
const blueAt = (y) => {
  // Apple-ish blue, lighter at the top.
  const top = [59, 130, 246];
  const bottom = [29, 78, 216];
  return [...top.map((t, i) => Math.round(t + (bottom[i] - t) * y)), 255];
};

const appIcon = (size) =>
  render(size, (x, y) => {
    if (!roundedSquare(x, y, 0.06, 0.18)) return null;
    return vMark(x, y, 1, 0.07) ? WHITE : blueAt(y);
  });

// Windows and Linux trays: a small filled badge reads on light and dark bars.
const trayIcon = (size) =>
  render(size, (x, y) => {
    if (!roundedSquare(x, y, 0.03, 0.22)) return null;
    return vMark(x, y, 1.05, 0.1) ? WHITE : blueAt(y);
  });

// macOS: a black-and-alpha "Template" image, which the menu bar recolours.
const trayTemplate = (size) => render(size, (x, y) => (vMark(x, y, 1.2, 0.11) ? BLACK : null));

mkdirSync(OUT, { recursive: true });
const files = {
  'icon.png': appIcon(512),
  'tray.png': trayIcon(16),
  'tray@2x.png': trayIcon(32),
  'trayTemplate.png': trayTemplate(16),
  'trayTemplate@2x.png': trayTemplate(32),
};
for (const [name, png] of Object.entries(files)) {
  writeFileSync(join(OUT, name), png);
  console.log(`${name}: ${png.length} bytes`);
}
