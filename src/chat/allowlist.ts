/**
 * The rooms the bot answers in (`ROOM_ALLOWLIST`). Entries are room ids; a topic is accepted as a
 * convenience and turned into the ids of the rooms that carry it when the adapter learns its room list
 * (Wechaty, at login; WeCom offers no room list, so there a topic never matches: see wecom/allowlist-topics.ts). After that only ids count, because groups get renamed and a rename must not open or close
 * the door. Empty list: every room. Private chats are not rooms and are never filtered here.
 */
export class RoomAllowlist {
  private readonly entries: string[];
  private readonly ids: Set<string>;

  constructor(entries: string[]) {
    this.entries = [...new Set(entries.map((e) => e.trim()).filter(Boolean))];
    this.ids = new Set(this.entries);
  }

  /** The entries as configured (trimmed, without duplicates), ids and topics alike. */
  get configured(): readonly string[] {
    return this.entries;
  }

  get isOpen(): boolean {
    return this.entries.length === 0;
  }

  allows(roomId: string | undefined): boolean {
    if (roomId === undefined || this.isOpen) return true;
    return this.ids.has(roomId);
  }

  /** Match entries to the rooms the account is in. Returns the entries that matched no room id or topic. */
  resolve(rooms: Array<{ id: string; topic: string }>): { matched: Array<{ entry: string; roomId: string }>; unmatched: string[] } {
    const matched: Array<{ entry: string; roomId: string }> = [];
    const unmatched: string[] = [];
    for (const entry of this.entries) {
      const hits = rooms.filter((r) => r.id === entry || r.topic.trim() === entry);
      for (const r of hits) {
        this.ids.add(r.id);
        matched.push({ entry, roomId: r.id });
      }
      if (hits.length === 0) unmatched.push(entry);
    }
    return { matched, unmatched };
  }
}
