/**
 * Region names and their short forms: 龙岗区 → 龙岗, 深圳市 → 深圳. A short form needs two characters
 * left, so 东区 keeps its suffix. The anonymised xx区 is its own name.
 */
export function regionAliases(region: string): string[] {
  const aliases = [region];
  const m = /^(.{2,}?)(特别行政区|自治区|自治州|地区|省|市|区|县|旗|镇|街道)$/u.exec(region);
  if (m && m[1] && m[1].length >= 2 && !/^x+$/i.test(m[1])) aliases.push(m[1]);
  return aliases;
}
