import type { RgbaImage } from './png';

/**
 * The app's mark: a shield with a check mark, drawn from geometry so it can be redrawn at any size.
 * Shapes live in a square of [-1, 1] x [-1, 1] (y down); every pixel averages a grid of samples,
 * which smooths the edges.
 */

/** Municipal dark blue; also the manifest's accentColor. */
export const BRAND_BLUE = '#1e4b8f';

const SHIELD = { top: -0.92, shoulder: 0.05, tip: 0.95, halfWidth: 0.78, corner: 0.14 };
const CHECK: [number, number][] = [
  [-0.36, 0.02],
  [-0.1, 0.3],
  [0.38, -0.26],
];

/** Inside the shield, shrunk by `inset` on every side (used for the outline's inner edge). */
function inShield(x: number, y: number, inset = 0): boolean {
  const top = SHIELD.top + inset;
  const tip = SHIELD.tip - inset * 1.6;
  const halfWidth = SHIELD.halfWidth - inset;
  const corner = Math.max(SHIELD.corner - inset, 0.01);
  if (y < top || y > tip) return false;
  const ax = Math.abs(x);
  if (y <= SHIELD.shoulder) {
    if (ax > halfWidth) return false;
    if (ax > halfWidth - corner && y < top + corner) {
      return Math.hypot(ax - (halfWidth - corner), y - (top + corner)) <= corner;
    }
    return true;
  }
  const t = (y - SHIELD.shoulder) / (tip - SHIELD.shoulder);
  return ax <= halfWidth * (1 - t * t);
}

function distanceToSegment(x: number, y: number, a: [number, number], b: [number, number]): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / lengthSquared));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

function inCheck(x: number, y: number, halfStroke: number): boolean {
  for (let i = 0; i + 1 < CHECK.length; i += 1) {
    if (
      distanceToSegment(x, y, CHECK[i] as [number, number], CHECK[i + 1] as [number, number]) <= halfStroke
    ) {
      return true;
    }
  }
  return false;
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

type Shade = (x: number, y: number) => [number, number, number, number];

/** Renders `shade` (RGBA 0-255 per sample) with `samples` x `samples` supersampling. */
function render(size: number, scale: number, samples: number, shade: Shade): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const half = size / 2;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples - half) / (size * scale);
          const y = (py + (sy + 0.5) / samples - half) / (size * scale);
          const [r, g, b, a] = shade(x, y);
          // Premultiplied, so transparent samples do not darken the edge colour.
          sum[0] = (sum[0] as number) + r * a;
          sum[1] = (sum[1] as number) + g * a;
          sum[2] = (sum[2] as number) + b * a;
          sum[3] = (sum[3] as number) + a;
        }
      }
      const alpha = sum[3] as number;
      const offset = (py * size + px) * 4;
      if (alpha > 0) {
        pixels[offset] = Math.round((sum[0] as number) / alpha);
        pixels[offset + 1] = Math.round((sum[1] as number) / alpha);
        pixels[offset + 2] = Math.round((sum[2] as number) / alpha);
      }
      pixels[offset + 3] = Math.round(alpha / (samples * samples));
    }
  }
  return { width: size, height: size, pixels };
}

/** 192 x 192: a white shield with a blue check on a solid blue square. */
export function drawColorIcon(): RgbaImage {
  const blue = hexToRgb(BRAND_BLUE);
  return render(192, 0.31, 6, (x, y) =>
    inShield(x, y) && !inCheck(x, y, 0.09) ? [255, 255, 255, 255] : [...blue, 255],
  );
}

/** 32 x 32: the shield's outline and the check in white, everything else transparent. */
export function drawOutlineIcon(): RgbaImage {
  return render(32, 0.47, 8, (x, y) => {
    const line = (inShield(x, y) && !inShield(x, y, 0.15)) || inCheck(x, y, 0.1);
    return line ? [255, 255, 255, 255] : [255, 255, 255, 0];
  });
}
