import "server-only";

/** A passkey as its owner's list shows it: no key material. */
export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced to the person's other devices by their platform (a "multi-device" passkey). */
  synced: boolean;
}

export const passkeySummarySelect = {
  id: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  deviceType: true,
  backedUp: true,
} as const;

export function toPasskeySummary(row: {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  deviceType: string;
  backedUp: boolean;
}): PasskeySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    synced: row.deviceType === "multiDevice" && row.backedUp,
  };
}
