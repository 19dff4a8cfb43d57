import sharp from 'sharp';
const f = process.argv[2]!;
const { data, info } = await sharp(f).raw().toBuffer({ resolveWithObject: true });
const px = (x: number, y: number) => { const a = (y * info.width + x) * info.channels; return [data[a], data[a+1], data[a+2]]; };
for (let y = Number(process.argv[3]); y < Number(process.argv[4]); y += 1) {
  const row = []; for (let x = 0; x < info.width; x += 24) row.push(px(x, y).map(v => v!.toString(16).padStart(2,'0')).join(''));
  console.log(y, row.join(' '));
}
