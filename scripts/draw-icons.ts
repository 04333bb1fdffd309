import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './icons/artwork';
import { encodePng } from './icons/png';

/** Redraws manifest/color.png and manifest/outline.png: `npx tsx scripts/draw-icons.ts`. */
const manifestDir = join(__dirname, '..', 'manifest');
writeFileSync(join(manifestDir, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(manifestDir, 'outline.png'), encodePng(drawOutlineIcon()));
process.stdout.write(`Icons written to ${manifestDir}\n`);
