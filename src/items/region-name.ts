/** The short form people type: 龙岗区 → 龙岗, 深圳市 → 深圳 (two-character names keep their suffix: 南区). */
export function regionShortName(region: string): string {
  const short = region.replace(/(自治区|省|市|区|县)$/, '');
  return short.length >= 2 ? short : region;
}
