import type { RoomPoster } from './ports.js';

/**
 * Whether any of the posters reaches a room: true when one does, false only when every one can say it does
 * not, undefined when some cannot tell (an orphaned subscription is reported only when certain).
 */
export async function anyReaches(posters: readonly RoomPoster[], roomId: string): Promise<boolean | undefined> {
  if (posters.length === 0) return undefined;
  let unknown = false;
  for (const p of posters) {
    if (p.owns(roomId)) return true;
    const answer = p.reaches ? await p.reaches(roomId) : undefined;
    if (answer === true) return true;
    if (answer === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}
